package io.shakedown.rules;

/**
 * How to recognise a framework from the same evidence rules use. A regex group named {@code version}
 * in a matching condition gives the version ("3.8.4"); {@code versionLabel} is used otherwise ("3.x").
 */
public record FrameworkDef(String id, String name, Condition when, String pack, String file, Integer line) {}
