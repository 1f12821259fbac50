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
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shakedown monitors apply monitors.yaml --server URL [--token T] [--prune] [--dry-run]}: monitors as code.
 * The file is checked here first (field and line, like a spec), then sent whole to the service, which applies it in
 * one transaction (a refused file changes nothing). {@code secretEnv: NAME} values are read from this environment
 * and sent beside the file, never written into it. Exit 0 applied, 2 invalid file or service error.
 */
@Command(name = "monitors", description = "Scheduled smoke checks (docs/monitors.md)", mixinStandardHelpOptions = true,
        subcommands = {MonitorsCommand.Apply.class})
public final class MonitorsCommand implements Callable<Integer> {

    final Console console;

    MonitorsCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(console.err);
        return Console.TROUBLE;
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create and update the file's monitors on the service; --prune deletes the project's others; --dry-run prints the diff only")
    static final class Apply implements Callable<Integer> {
        @ParentCommand MonitorsCommand parent;

        @Parameters(index = "0", paramLabel = "FILE", description = "monitors.yaml")
        Path file;

        @Spec
        CommandSpec command;

        @Mixin
        ServerOptions service;

        @Option(names = "--prune", description = "delete the project's monitors the file does not have")
        boolean prune;

        @Option(names = "--dry-run", description = "print what would change; change nothing")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            Console console = parent.console;
            service.resolve(console, command);
            String server = service.server;
            PrintStream out = console.out;
            String text = console.readFile(file, "monitors");
            if (text == null) return Console.TROUBLE;
            Map<String, String> secrets = new LinkedHashMap<>();
            try {
                // the service checks the minimum interval it is configured with; here everything else
                new MonitorReader(Duration.ZERO, name -> {
                    String v = console.env(name);
                    if (v != null) secrets.put(name, v);
                    return v;
                }, name -> null).readFile(text); // the service checks the monitor secrets it holds
            } catch (DocumentException e) {
                return invalid(console, e.errors());
            }
            ObjectMapper json = new ObjectMapper();
            byte[] body = json.writeValueAsBytes(Map.of("file", text, "secrets", secrets));
            String url = server + "/api/v1/monitors/apply?prune=" + prune + "&dryRun=" + dryRun;
            var request = service.authorize(HttpRequest.newBuilder(URI.create(url))).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/vnd.shakedown.monitors+json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return console.fail("cannot reach " + server + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (IOException e) {
                answer = json.createObjectNode();
            }
            if (response.statusCode() == 400 && answer.has("errors")) {
                return invalid(console, Console.fieldErrors(answer));
            }
            if (response.statusCode() != 200) {
                return console.fail(server + " answered " + response.statusCode() + ": " + answer.path("detail").asText(response.body()));
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

        private int invalid(Console console, List<DocumentError> errors) {
            return console.specErrors(file, "invalid monitors file (" + Console.problems(errors.size()) + "); nothing was changed", errors);
        }

        private static void print(PrintStream out, JsonNode answer, String field, String mark) {
            for (JsonNode n : answer.path(field)) out.println(mark + n.asText() + " (" + field + ")");
        }
    }

}
