package io.shakedown.target;

/** How a container ended: exit code, whether the kernel OOM-killed it, and Docker's error text if any. */
public record ExitInfo(long exitCode, boolean oomKilled, String error, long runMillis) {}
