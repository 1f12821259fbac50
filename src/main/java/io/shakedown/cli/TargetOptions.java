package io.shakedown.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --image IMAGE | --url URL}: validate another target than the spec's; shared by validate and submit (a picocli mixin). */
final class TargetOptions {
    @Option(names = "--image", paramLabel = "IMAGE", description = "validate this image instead of the spec's target (e.g. the tag a pipeline just built)")
    String image;

    @Option(names = "--url", paramLabel = "URL", description = "validate this running URL instead of the spec's target")
    String url;

    /** One or the other: a usage error naming both otherwise. */
    void check(CommandSpec command) {
        if (image != null && url != null) throw new ParameterException(command.commandLine(), "--image and --url: one or the other");
    }
}
