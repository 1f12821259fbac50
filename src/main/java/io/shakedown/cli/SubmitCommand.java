package io.shakedown.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shakedown.report.Report;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportJson;
import io.shakedown.report.Verdict;
import io.shakedown.spec.SpecException;
import io.shakedown.spec.SpecFiles;
import io.shakedown.spec.SpecParser;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code shakedown submit shakedown.yml --server URL --wait 600}: posts the spec to a Shakedown service,
 * follows the run's events, prints the outcome, writes the chosen report formats, and exits by verdict
 * (0 PASSED, 1 FAILED, 2 anything else or no verdict within --wait). Needs no Docker on this machine.
 */
final class SubmitCommand {
    private static final ObjectMapper READER = ReportJson.mapper().copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false); // newer servers may add fields

    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final java.util.function.Function<String, String> env; // where secret values come from

    SubmitCommand(PrintStream out, PrintStream err) {
        this(out, err, System::getenv);
    }

    SubmitCommand(PrintStream out, PrintStream err, java.util.function.Function<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        Path specFile = null;
        Path outDir = Path.of("shakedown-out");
        String server = env.apply("SHAKEDOWN_SERVER");
        String token = env.apply("SHAKEDOWN_TOKEN");
        String image = null;
        String url = null;
        int waitSeconds = 600;
        Set<ReportFormat> formats = EnumSet.allOf(ReportFormat.class);
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (a) {
                case "--server", "--token", "--wait", "--out", "-o", "--format", "-f", "--image", "--url" -> {
                    if (!hasValue) return usage(a + " needs a value");
                    String v = args[++i];
                    switch (a) {
                        case "--server" -> server = v;
                        case "--token" -> token = v;
                        case "--image" -> image = v;
                        case "--url" -> url = v;
                        case "--out", "-o" -> outDir = Path.of(v);
                        case "--format", "-f" -> {
                            formats = ReportFiles.parse(v);
                            if (formats == null) return usage("--format: unknown format in '" + v + "'; known: " + ReportFormat.ids() + ", all");
                        }
                        default -> {
                            try {
                                waitSeconds = Integer.parseInt(v.trim());
                                if (waitSeconds < 0) throw new NumberFormatException();
                            } catch (NumberFormatException e) {
                                return usage("--wait: a whole number of seconds >= 0, got '" + v + "'");
                            }
                        }
                    }
                }
                default -> {
                    if (a.startsWith("-")) return usage("unknown option '" + a + "'");
                    if (specFile != null) return usage("one spec at a time (got " + specFile + " and " + a + ")");
                    specFile = Path.of(a);
                }
            }
        }
        if (specFile == null) return usage("submit needs a spec file, e.g. shakedown submit shakedown.yml --server https://shakedown.example");
        if (server == null || server.isBlank()) return usage("submit needs --server URL (or SHAKEDOWN_SERVER)");
        if (image != null && url != null) return usage("--image and --url: one or the other");
        server = server.replaceAll("/+$", "");

        byte[] spec;
        try {
            spec = Files.readAllBytes(specFile);
        } catch (NoSuchFileException e) {
            err.println("shakedown: no such spec file: " + specFile);
            return 2;
        } catch (IOException e) {
            err.println("shakedown: cannot read " + specFile + ": " + e.getMessage());
            return 2;
        }
        Body body = body(specFile, spec);
        if (body == null) return 2;
        try {
            return submit(server, token, specFile, body, image, url, waitSeconds, outDir, formats);
        } catch (IOException e) {
            err.println("shakedown: " + server + " did not answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    /** What is posted: the spec as it is, or a submission envelope when it needs secret values or files. */
    private record Body(String contentType, byte[] bytes) {}

    /**
     * A spec that declares secrets (values from this process's environment, by name; never printed) or refers to
     * files next to it ({@code expect.schema: schemas/user.json}) goes as a {@code application/vnd.shakedown.submission+json}
     * envelope; any other spec as it is. A spec that does not parse here goes as it is: the server names its problems.
     */
    private Body body(Path specFile, byte[] spec) {
        String text = new String(spec, StandardCharsets.UTF_8);
        SpecFiles folder = SpecFiles.folder(specFile.toAbsolutePath().getParent());
        var files = new java.util.TreeMap<String, String>();
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
        java.util.List<String> declared;
        try {
            declared = new SpecParser().parse(text, recording).secrets();
        } catch (SpecException e) {
            return new Body(plainType(specFile), spec);
        }
        if (declared.isEmpty() && files.isEmpty()) return new Body(plainType(specFile), spec);
        var secrets = new java.util.LinkedHashMap<String, String>();
        var missing = new java.util.ArrayList<String>();
        for (String name : declared) {
            String value = env.apply(name);
            if (value == null || value.isEmpty()) missing.add(name);
            else secrets.put(name, value);
        }
        if (!missing.isEmpty()) {
            err.println(specFile + ": the spec declares secret(s) with no value in the environment: " + String.join(", ", missing));
            err.println("  set them for this command, e.g. " + missing.get(0) + "=... shakedown submit " + specFile);
            return null;
        }
        var envelope = READER.createObjectNode();
        envelope.put("spec", text);
        secrets.forEach(envelope.putObject("secrets")::put);
        files.forEach(envelope.putObject("files")::put);
        try {
            return new Body(SUBMISSION_TYPE, READER.writeValueAsBytes(envelope));
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree of strings did not serialize", e);
        }
    }

    private static final String SUBMISSION_TYPE = "application/vnd.shakedown.submission+json";

    private static String plainType(Path specFile) {
        return specFile.toString().endsWith(".json") ? "application/json" : "application/yaml";
    }

    private int submit(String server, String token, Path specFile, Body body, String image, String url, int waitSeconds,
                       Path outDir, Set<ReportFormat> formats) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        var query = new StringBuilder();
        if (image != null) query.append("?image=").append(URLEncoder.encode(image, StandardCharsets.UTF_8));
        if (url != null) query.append("?url=").append(URLEncoder.encode(url, StandardCharsets.UTF_8));
        var posted = http.send(request(server + "/api/v1/validations" + query, token)
                .header("Accept", "application/json").header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 200 && posted.statusCode() != 202) return refused(posted, specFile);
        JsonNode run = READER.readTree(posted.body());
        String id = run.path("id").asText();
        String self = server + "/api/v1/validations/" + id;
        out.println("shakedown · " + run.path("app").asText() + " (" + run.path("environment").asText() + ") · run " + id + " on " + server);

        if (!run.path("status").asText().matches("PASSED|FAILED|ERROR|CANCELLED")) follow(self + "/events", token, deadline);
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L);
        var got = http.send(request(self + "?wait=" + left, token).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (got.statusCode() != 200) return refused(got, specFile);
        run = READER.readTree(got.body());
        String status = run.path("status").asText();
        if (!status.matches("PASSED|FAILED|ERROR|CANCELLED")) {
            err.println("shakedown: no verdict within " + waitSeconds + " s (run " + id + " is " + status + "); follow it at " + self);
            return 2;
        }
        out.println();
        Verdict verdict = Verdict.valueOf(status);
        if (!run.hasNonNull("report")) {
            out.println(verdict + " — " + run.path("summary").asText());
            return verdict.exitCode();
        }
        Report report = READER.treeToValue(run.get("report"), Report.class);
        new ConsoleProgress(out, false).footer(report);
        var options = new ReportFormat.RenderOptions(ReportFiles.specPathForReports(specFile), self + "/report?format=html");
        var files = ReportFiles.write(report, outDir, formats, options);
        out.println("reports: " + String.join(", ", files.stream().map(Path::toString).toList()));
        out.println("report-url: " + self + "/report?format=html");
        return report.verdict().exitCode();
    }

    /** Prints the run's events as they arrive, until its verdict event, the stream's end or the deadline. */
    private void follow(String eventsUrl, String token, long deadline) throws InterruptedException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) return;
        try {
            var response = http.send(request(eventsUrl, token).timeout(Duration.ofMillis(left)).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) return;
            try (Stream<String> lines = response.body()) {
                var it = lines.iterator();
                while (it.hasNext() && System.nanoTime() < deadline) {
                    String line = it.next();
                    if (!line.startsWith("data:")) continue;
                    JsonNode e = READER.readTree(line.substring(5));
                    String kind = e.path("type").asText();
                    if (kind.equals("verdict")) return;
                    if (kind.equals("stage-finished") || kind.equals("check-finished")) {
                        String mark = switch (e.path("status").asText()) {
                            case "PASSED" -> "✓";
                            case "FAILED" -> "✗";
                            case "SKIPPED" -> "-";
                            default -> "!";
                        };
                        out.println("  " + mark + " " + (kind.equals("check-finished") ? "  check " : "") + e.path("stage").asText()
                                + (e.hasNonNull("message") ? " · " + e.get("message").asText() : ""));
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the stream broke or timed out: the GET ?wait= that follows still gets the outcome
        }
    }

    private int refused(HttpResponse<String> r, Path specFile) {
        String detail;
        try {
            JsonNode problem = READER.readTree(r.body());
            if (problem.has("errors") && problem.get("errors").size() > 0 && r.statusCode() == 400) {
                err.println(specFile + ": refused by the server (" + problem.path("title").asText() + ")");
                for (JsonNode e : problem.get("errors")) {
                    err.println("  " + (e.hasNonNull("line") ? specFile.getFileName() + ":" + e.get("line").asInt() + ": " : "")
                            + (e.path("path").asText().isEmpty() ? "" : e.path("path").asText() + ": ") + e.path("message").asText());
                }
                return 2;
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
        err.println("shakedown: the server answered " + r.statusCode() + why + ": " + detail);
        return 2;
    }

    private static HttpRequest.Builder request(String url, String token) {
        var b = HttpRequest.newBuilder(URI.create(url));
        if (token != null && !token.isBlank()) b.header("Authorization", "Bearer " + token.trim());
        return b;
    }

    private int usage(String problem) {
        err.println("shakedown: " + problem);
        err.print(ShakedownCli.USAGE);
        return 2;
    }
}
