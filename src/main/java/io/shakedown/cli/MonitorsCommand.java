package io.shakedown.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.monitor.MonitorReader;
import io.shakedown.document.DocumentError;
import io.shakedown.document.DocumentException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/**
 * {@code shakedown monitors apply monitors.yaml --server URL [--token T] [--prune] [--dry-run]}: monitors as code.
 * The file is checked here first (field and line, like a spec), then sent whole to the service, which applies it in
 * one transaction (a refused file changes nothing). {@code secretEnv: NAME} values are read from this environment
 * and sent beside the file, never written into it. Exit 0 applied, 2 invalid file or service error.
 */
@Command(name = "monitors", description = "Scheduled smoke checks (docs/monitors.md)", mixinStandardHelpOptions = true,
        subcommands = {MonitorsCommand.Apply.class})
public final class MonitorsCommand implements Callable<Integer> {

    final PrintStream out;
    final PrintStream err;
    final Function<String, String> env;

    MonitorsCommand(PrintStream out, PrintStream err, Function<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(err);
        return 2;
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create and update the file's monitors on the service; --prune deletes the project's others; --dry-run prints the diff only")
    static final class Apply implements Callable<Integer> {
        @ParentCommand MonitorsCommand parent;

        @Parameters(index = "0", paramLabel = "FILE", description = "monitors.yaml")
        Path file;

        @Option(names = "--server", required = true, paramLabel = "URL", description = "the Shakedown service")
        String server;

        @Option(names = "--token", paramLabel = "TOKEN", description = "the project's API token (default: $SHAKEDOWN_TOKEN)")
        String token;

        @Option(names = "--prune", description = "delete the project's monitors the file does not have")
        boolean prune;

        @Option(names = "--dry-run", description = "print what would change; change nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            PrintStream out = parent.out, err = parent.err;
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                err.println("shakedown: no such monitors file: " + file);
                return 2;
            } catch (IOException e) {
                err.println("shakedown: cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            Map<String, String> secrets = new LinkedHashMap<>();
            try {
                // the service checks the minimum interval it is configured with; here everything else
                new MonitorReader(Duration.ZERO, name -> {
                    String v = parent.env.apply(name);
                    if (v != null) secrets.put(name, v);
                    return v;
                }).readFile(text);
            } catch (DocumentException e) {
                printErrors(err, e.errors());
                return 2;
            }
            String tok = token != null ? token : parent.env.apply("SHAKEDOWN_TOKEN");
            ObjectMapper json = new ObjectMapper();
            byte[] body = json.writeValueAsBytes(Map.of("file", text, "secrets", secrets));
            String url = server.replaceAll("/+$", "") + "/api/v1/monitors/apply?prune=" + prune + "&dryRun=" + dryRun;
            var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/vnd.shakedown.monitors+json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (tok != null && !tok.isBlank()) request.header("Authorization", "Bearer " + tok.trim());
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                err.println("shakedown: cannot reach " + server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return 2;
            }
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (IOException e) {
                answer = json.createObjectNode();
            }
            if (response.statusCode() == 400 && answer.has("errors")) {
                List<DocumentError> errors = new ArrayList<>();
                for (JsonNode e : answer.get("errors")) {
                    errors.add(new DocumentError(e.path("path").asText(), e.path("message").asText(), e.hasNonNull("line") ? e.get("line").asInt() : null));
                }
                printErrors(err, errors);
                return 2;
            }
            if (response.statusCode() != 200) {
                err.println("shakedown: " + server + " answered " + response.statusCode() + ": " + answer.path("detail").asText(response.body()));
                return 2;
            }
            print(out, answer, "created", "+ ");
            print(out, answer, "updated", "~ ");
            print(out, answer, "deleted", "- ");
            print(out, answer, "unchanged", "= ");
            out.println((dryRun ? "dry run, nothing changed: " : "applied: ") + answer.path("created").size() + " created, "
                    + answer.path("updated").size() + " updated, " + answer.path("deleted").size() + " deleted, "
                    + answer.path("unchanged").size() + " unchanged");
            return 0;
        }

        private void printErrors(PrintStream err, List<DocumentError> errors) {
            err.println(file + ": invalid monitors file (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s") + "); nothing was changed");
            errors.forEach(e -> err.println("  " + (e.line() == null ? "" : file.getFileName() + ":" + e.line() + ": ")
                    + (e.path() == null || e.path().isEmpty() ? "" : e.path() + ": ") + e.message()));
        }

        private static void print(PrintStream out, JsonNode answer, String field, String mark) {
            for (JsonNode n : answer.path(field)) out.println(mark + n.asText() + " (" + field + ")");
        }
    }

}
