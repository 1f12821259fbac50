package io.shakedown.api;

/** Lets tests in other packages read what ProblemMappers makes of an exception. */
public final class ProblemMappersAccess {
    private ProblemMappersAccess() {}

    public static String uniqueViolation(Throwable e) {
        return ProblemMappers.uniqueViolation(e);
    }
}
