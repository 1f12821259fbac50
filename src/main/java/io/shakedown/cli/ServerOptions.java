package io.shakedown.cli;

import java.net.http.HttpRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --server URL --token TOKEN}: the Shakedown service a command talks to, and the project's API token; each falls
 * back to its environment variable ({@code SHAKEDOWN_SERVER}, {@code SHAKEDOWN_TOKEN}). Shared by the commands that
 * call a service (submit, monitors apply) as a picocli mixin.
 */
final class ServerOptions {
    @Option(names = "--server", paramLabel = "URL", description = "the Shakedown service (default: $SHAKEDOWN_SERVER)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the project's API token (default: $SHAKEDOWN_TOKEN)")
    String token;

    /**
     * Fills what the command line left out from the environment; a usage error (naming {@code command} and both ways
     * to give it) when there is no server either way. The server's trailing slashes go.
     */
    void resolve(Console console, CommandSpec command) {
        if (server == null) server = console.env("SHAKEDOWN_SERVER");
        if (token == null) token = console.env("SHAKEDOWN_TOKEN");
        if (server == null || server.isBlank()) {
            throw new ParameterException(command.commandLine(), command.qualifiedName(" ").replaceFirst("^shakedown ", "")
                    + " needs --server URL (or SHAKEDOWN_SERVER)");
        }
        server = server.strip().replaceAll("/+$", "");
        if (token != null && token.isBlank()) token = null;
    }

    /** The request with the token as a bearer credential, when there is one. */
    HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return token == null ? request : request.header("Authorization", "Bearer " + token.strip());
    }
}
