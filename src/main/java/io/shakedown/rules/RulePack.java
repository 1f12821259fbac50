package io.shakedown.rules;

import java.util.List;

/** One rule file: the frameworks it can detect and its rules. */
public record RulePack(String name, String file, List<FrameworkDef> frameworks, List<Rule> rules) {}
