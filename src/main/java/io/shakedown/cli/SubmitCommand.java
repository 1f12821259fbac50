package io.shakedown.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportJson;
import io.shakedown.report.Verdict;
import io.shakedown.document.DocumentException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code shakedown submit shakedown.yml --server URL --wait 600}: posts the spec to a Shakedown service,
 * follows the run's events, prints the outcome, writes the chosen report formats, and exits by verdict
 * (0 PASSED, 1 FAILED, 2 anything else or no verdict within --wait). Needs no Docker on this machine.
 */
@Command(name = "submit", description = "Runs the spec on a Shakedown service; no Docker needed here.")
final class SubmitCommand implements Callable<Integer> {

    // made in call(): picocli builds every subcommand to parse a command line, so they must cost nothing until run
    private HttpClient http;
    private ObjectMapper reader;

    @ParentCommand
    ShakedownCli root;

    @Spec
    CommandSpec command;

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "a shakedown.yml (YAML or JSON)")
    Path specFile;

    @Mixin
    ServerOptions service;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "how long to follow the run (default: ${DEFAULT-VALUE}); then exit 2 if it is not done")
    int waitSeconds;

    @Mixin
    ReportOptions reports;

    @Mixin
    TargetOptions target;

    private Console console;

    @Override
    public Integer call() {
        console = root.console;
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        reader = ReportJson.mapper().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // newer servers may add fields
        if (specFile == null) throw usage("submit needs a spec file, e.g. shakedown submit shakedown.yml --server https://shakedown.example");
        service.resolve(console, command);
        String server = service.server;
        target.check(command);
        if (waitSeconds < 0) throw usage("--wait: a whole number of seconds >= 0, got '" + waitSeconds + "'");
        Set<ReportFormat> formats = reports.formats(command);

        String text = console.readSpec(specFile);
        if (text == null) return Console.TROUBLE;
        Body body = body(specFile, text);
        if (body == null) return Console.TROUBLE;
        try {
            return submit(server, specFile, body, target.image, target.url, waitSeconds, formats);
        } catch (IOException e) {
            return console.fail(server + " did not answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Console.TROUBLE;
        }
    }

    private ParameterException usage(String problem) {
        return new ParameterException(command.commandLine(), problem);
    }

    /** What is posted: the spec as it is, or a submission envelope when it needs secret values or files. */
    private record Body(String contentType, byte[] bytes) {}

    /**
     * A spec that declares secrets (values from this process's environment, by name; never printed) or refers to
     * files next to it ({@code expect.schema: schemas/user.json}) goes as a {@code application/vnd.shakedown.submission+json}
     * envelope; any other spec as it is. A spec that does not parse here goes as it is: the server names its problems.
     */
    private Body body(Path specFile, String text) {
        byte[] spec = text.getBytes(StandardCharsets.UTF_8);
        SpecFiles folder = SpecFiles.folder(specFile.toAbsolutePath().getParent());
        var files = new TreeMap<String, String>();
        SpecFiles recording = new SpecFiles() {
            @Override
            public String read(String name) throws IOException {
                String content = folder.read(name);
                files.put(name, content);
                return content;
            }

            @Override
            public String where(String name) {
                return folder.where(name);
            }
        };
        List<String> declared;
        try {
            declared = new SpecParser().parse(text, recording).secrets();
        } catch (DocumentException e) {
            return new Body(plainType(specFile), spec);
        }
        if (declared.isEmpty() && files.isEmpty()) return new Body(plainType(specFile), spec);
        Map<String, String> secrets = console.secrets(declared, specFile, "submit");
        if (secrets == null) return null;
        var envelope = reader.createObjectNode();
        envelope.put("spec", text);
        secrets.forEach(envelope.putObject("secrets")::put);
        files.forEach(envelope.putObject("files")::put);
        try {
            return new Body(SUBMISSION_TYPE, reader.writeValueAsBytes(envelope));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings did not serialize", e);
        }
    }

    private static final String SUBMISSION_TYPE = "application/vnd.shakedown.submission+json";

    private static String plainType(Path specFile) {
        return specFile.toString().endsWith(".json") ? "application/json" : "application/yaml";
    }

    private int submit(String server, Path specFile, Body body, String image, String url, int waitSeconds,
                       Set<ReportFormat> formats) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        var query = new StringBuilder();
        if (image != null) query.append("?image=").append(URLEncoder.encode(image, StandardCharsets.UTF_8));
        if (url != null) query.append("?url=").append(URLEncoder.encode(url, StandardCharsets.UTF_8));
        var posted = http.send(request(server + "/api/v1/validations" + query)
                .header("Accept", "application/json").header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 200 && posted.statusCode() != 202) return refused(posted, specFile);
        JsonNode run = reader.readTree(posted.body());
        String id = run.path("id").asText();
        String self = server + "/api/v1/validations/" + id;
        console.out.println("shakedown · " + run.path("app").asText() + " (" + run.path("environment").asText() + ") · run " + id + " on " + server);

        if (!hasVerdict(run.path("status").asText())) follow(self + "/events", deadline);
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
        // the server holds this GET up to ?wait=; a server that holds it longer does not hold the pipeline
        var got = http.send(request(self + "?wait=" + left).timeout(Duration.ofSeconds(left + 10))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (got.statusCode() != 200) return refused(got, specFile);
        run = reader.readTree(got.body());
        String status = run.path("status").asText();
        if (!hasVerdict(status)) {
            return console.fail("no verdict within " + waitSeconds + " s (run " + id + " is " + status + "); follow it at " + self);
        }
        console.out.println();
        Verdict verdict = Verdict.valueOf(status);
        if (!run.hasNonNull("report")) {
            console.out.println(verdict + " — " + run.path("summary").asText());
            return verdict.exitCode();
        }
        Report report = reader.treeToValue(run.get("report"), Report.class);
        new ConsoleProgress(console.out, false).footer(report);
        var options = new ReportFormat.RenderOptions(ReportFiles.specPathForReports(specFile), self + "/report?format=html");
        if (!reports.write(report, formats, options, console)) return Verdict.ERROR.exitCode(); // not "the server did not answer"
        console.out.println("report-url: " + self + "/report?format=html");
        return report.verdict().exitCode();
    }

    /** A run's status that is a verdict (the run is over), as opposed to QUEUED or RUNNING. */
    private static boolean hasVerdict(String status) {
        return Arrays.stream(Verdict.values()).anyMatch(v -> v.name().equals(status));
    }

    /**
     * Prints the run's events as they arrive, until its verdict event, the stream's end or the deadline. The stream is
     * read on its own thread and closed at the deadline: a quiet stream blocks a read for as long as it stays quiet,
     * and a request timeout only covers the wait for the headers.
     */
    private void follow(String eventsUrl, long deadline) throws InterruptedException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return;
        var answer = http.sendAsync(request(eventsUrl).timeout(Duration.ofMillis(left)).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        Stream<String> lines;
        try {
            var response = answer.get(left, TimeUnit.MILLISECONDS);
            lines = response.body();
            if (response.statusCode() != 200) {
                lines.close();
                return;
            }
        } catch (TimeoutException | ExecutionException e) {
            answer.cancel(true);
            return; // the GET ?wait= that follows still gets the outcome
        }
        Thread printer = Thread.ofVirtual().name("submit-events").start(() -> printEvents(lines, deadline));
        try {
            printer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } finally {
            lines.close(); // unblocks the reader: the subscription is cancelled and the connection closed
        }
        printer.join(Duration.ofSeconds(1));
    }

    private void printEvents(Stream<String> lines, long deadline) {
        try {
            var it = lines.iterator();
            while (it.hasNext() && System.nanoTime() < deadline) {
                String line = it.next();
                if (!line.startsWith("data:")) continue;
                JsonNode e = reader.readTree(line.substring(5));
                String kind = e.path("type").asText();
                if (kind.equals("verdict")) return;
                if (kind.equals("stage-finished") || kind.equals("check-finished")) {
                    String mark = switch (e.path("status").asText()) {
                        case "PASSED" -> "✓";
                        case "FAILED" -> "✗";
                        case "SKIPPED" -> "-";
                        default -> "!";
                    };
                    console.out.println("  " + mark + " " + (kind.equals("check-finished") ? "  check " : "") + e.path("stage").asText()
                            + (e.hasNonNull("message") ? " · " + e.get("message").asText() : ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the stream broke, timed out or was closed at the deadline: the GET ?wait= that follows still gets the outcome
        }
    }

    private int refused(HttpResponse<String> r, Path specFile) {
        String detail;
        try {
            JsonNode problem = reader.readTree(r.body());
            if (problem.has("errors") && problem.get("errors").size() > 0 && r.statusCode() == 400) {
                return console.specErrors(specFile, "refused by the server (" + problem.path("title").asText() + ")", Console.fieldErrors(problem));
            }
            detail = problem.path("detail").asText(problem.path("title").asText(r.body()));
        } catch (IOException e) {
            detail = r.body();
        }
        String why = switch (r.statusCode()) {
            case 401 -> " (the token is missing, unknown or revoked: pass --token or set SHAKEDOWN_TOKEN)";
            case 404 -> " (no such run for this project, or not a Shakedown server)";
            default -> "";
        };
        return console.fail("the server answered " + r.statusCode() + why + ": " + detail);
    }

    private HttpRequest.Builder request(String url) {
        return service.authorize(HttpRequest.newBuilder(URI.create(url)));
    }

}
