package io.shakedown.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What runs the app: an image Shakedown starts, or an already running deployment at a URL. Exactly one of image/url is set. */
public record TargetSpec(
        String image,
        URI url,
        Integer port,
        Map<String, String> env,
        List<String> command,
        Resources resources,
        Duration startupTimeout,
        PullPolicy pull,
        Boolean waitForServices,
        SecurityProfile security) {

    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    public TargetSpec {
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (command != null) command = List.copyOf(command);
        if (startupTimeout == null) startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        if (image != null && resources == null) resources = new Resources(null, null, null, null);
        if (image != null && pull == null) pull = PullPolicy.MISSING;
        if (waitForServices == null) waitForServices = true;
        if (image != null && security == null) security = SecurityProfile.DEFAULT;
    }

    /** Race mode: the app starts at the same time as its services instead of once they are ready. */
    public boolean racesServices() {
        return !waitForServices;
    }

    /** The same target with its env and command as resolved at run time (secrets and service addresses filled in). */
    public TargetSpec with(Map<String, String> env, List<String> command) {
        return new TargetSpec(image, url, port, env, command, resources, startupTimeout, pull, waitForServices, security);
    }

    /** The same target running another image (the A/B baseline: started the way the candidate is). */
    public TargetSpec withImage(String otherImage) {
        return new TargetSpec(otherImage, null, port, env, command, resources, startupTimeout, pull, waitForServices, security);
    }

    public boolean isImage() {
        return image != null;
    }

    /** Container limits; null fields mean "no limit of that kind" (pids defaults to 512, disk to 2 GiB). */
    public record Resources(@JsonProperty("memory") @JsonDeserialize(using = SpecBinding.Bytes.class) Long memoryBytes,
                            Double cpus, Long pids,
                            @JsonProperty("disk") @JsonDeserialize(using = SpecBinding.Bytes.class) Long diskBytes) {
        public static final long DEFAULT_PIDS = 512;
        public static final long DEFAULT_DISK = 2L * 1024 * 1024 * 1024;

        public Resources {
            if (pids == null) pids = DEFAULT_PIDS;
            if (diskBytes == null) diskBytes = DEFAULT_DISK;
        }
    }

    /**
     * The capabilities the container gets (no-new-privileges always): {@code DEFAULT} Docker's set minus what web apps do
     * not need and a shared engine should not give (raw sockets, device nodes, audit, file capabilities, chroot);
     * {@code RESTRICTED} none at all, as under Kubernetes' "restricted" Pod Security Standard.
     */
    public enum SecurityProfile { DEFAULT, RESTRICTED }

    public enum PullPolicy {
        /** Use the local image; pull only when it is absent (the default). */
        MISSING,
        ALWAYS,
        NEVER
    }
}
