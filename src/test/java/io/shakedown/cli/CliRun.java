package io.shakedown.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** One run of the one-shot command, in process, with what it printed: the exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {

    /** {@code shakedown args} with the process's environment. */
    static CliRun of(String... args) {
        return of(System::getenv, args);
    }

    /** {@code shakedown args} with {@code env} as its whole environment. */
    static CliRun of(Function<String, String> env, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = new ShakedownCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .execute(args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
