package io.shakedown.target;

/** Labels Shakedown stamps on every container and network it creates, so it can always find (and reap) its own. */
public final class Labels {
    public static final String RUN_ID = "io.shakedown.run-id";
    public static final String INSTALLATION = "io.shakedown.installation";
    public static final String APP = "io.shakedown.app";
    /** target, service, job, network (or a helper's role). */
    public static final String ROLE = "io.shakedown.role";
    /** A service's or job's name in the spec. */
    public static final String NAME = "io.shakedown.name";

    private Labels() {}
}
