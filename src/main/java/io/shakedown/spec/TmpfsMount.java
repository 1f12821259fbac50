package io.shakedown.spec;

/**
 * One of a service's {@code tmpfs} entries as Compose and Docker write it: {@code /run} or {@code /run:size=64m,mode=1777}.
 * The one reader of that text, for the spec check and both runtimes.
 */
public record TmpfsMount(String path, String options) {

    public static TmpfsMount of(String entry) {
        int colon = entry.indexOf(':');
        return colon < 0 ? new TmpfsMount(entry, "") : new TmpfsMount(entry.substring(0, colon), entry.substring(colon + 1));
    }

    /** The value of {@code name=} among the comma-separated options, or null. */
    public String option(String name) {
        for (String option : options.split(",")) {
            if (option.startsWith(name + "=")) return option.substring(name.length() + 1).strip();
        }
        return null;
    }

    /** Bytes of the {@code size=} option (read as every size of the spec), or null without one or when it does not read. */
    public Long sizeBytes() {
        String size = option("size");
        return size == null ? null : Units.bytes(size);
    }
}
