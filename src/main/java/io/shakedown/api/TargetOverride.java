package io.shakedown.api;

/** {@link io.shakedown.spec.TargetOverride} for the REST front door: a bad override is a 400 naming the parameter. */
final class TargetOverride {
    private TargetOverride() {}

    static String apply(String specText, String image, String url) {
        try {
            return io.shakedown.spec.TargetOverride.apply(specText, image, url);
        } catch (io.shakedown.spec.TargetOverride.InvalidOverride e) {
            throw ProblemException.badParameter(e.parameter(), e.getMessage());
        }
    }
}
