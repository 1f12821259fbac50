package io.shakedown.target;

/** Labels Shakedown stamps on every container it creates, so it can always find (and reap) its own. */
public final class Labels {
    public static final String RUN_ID = "io.shakedown.run-id";
    public static final String INSTALLATION = "io.shakedown.installation";
    public static final String APP = "io.shakedown.app";
    public static final String ROLE = "io.shakedown.role";

    private Labels() {}
}
