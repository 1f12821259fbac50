package io.shakedown.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shakedown.run.EngineSettings;
import io.shakedown.target.DockerClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.io.FileUtils;

/**
 * The training run behind {@code shakedown aot-cache}: what a one-shot validate does, on a JDK 25+ that records it
 * into an AOT cache (JEP 483/514) the launcher then starts from — classes loaded and linked ahead of time, so later
 * runs skip most of the start-up work. Nothing here needs an image or a registry: the run validates a small JSON API
 * served inside this JVM on loopback ({@code target.url}), writes every report format into a temporary folder, and
 * asks the Docker engine (if one answers) the read-only questions a run asks first. Nothing leaves the machine.
 * <p>
 * Given a spec (and {@code validate}'s options for it: {@code --image}, {@code --url}), the training then validates it
 * too, the way the pipeline will: an image target takes the Docker path the built-in API cannot (create, start, the
 * log stream, the image reads, {@code docker top}, the removal, and docker-java's JSON models), ~0.2 CPU-s less per
 * later run (measured on examples/hello-api). Its verdict does not matter: a run that fails trains the same code.
 */
public final class AotTraining {
    private AotTraining() {
    }

    static final String SPEC = """
            app: aot-training
            environment: ci
            target: { url: "http://127.0.0.1:%d" }
            readiness:
              http: { path: /health, status: 200 }
            checks:
              - name: list items
                request: { method: GET, path: /api/items, headers: { Accept: application/json } }
                expect:
                  status: 200
                  headers: { Content-Type: "application/json.*" }
                  json: { "$.items": { minSize: 1 }, "$.items[0].id": { type: number } }
                  maxDuration: 2s
              - name: greeting
                request: { path: /api/greeting }
                expect: { status: 2xx, json: { "$.greeting": { equals: hi } } }
              - name: unknown path
                request: { path: /no-such-thing }
                expect: { status: 404 }
            browser: false
            """;

    /** {@code args}: nothing, or a spec and {@code validate}'s options for it (the launcher's {@code aot-cache [SPEC ...]}, which checks the spec exists). */
    public static void main(String[] args) throws IOException {
        ShakedownCli.quietLogging(); // as the command runs
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", AotTraining::answer);
        app.start();
        Path work = Files.createTempDirectory("shakedown-aot-training");
        int code;
        try {
            Path spec = work.resolve("shakedown.yml");
            Files.writeString(spec, SPEC.formatted(app.getAddress().getPort()));
            DockerClients.askForTraining(EngineSettings.defaults());
            var quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            code = new ShakedownCli(quiet, quiet).execute("validate", spec.toString(), "--out", work.resolve("out").toString());
            if (args.length > 0) {
                var own = new ArrayList<>(List.of("validate"));
                own.addAll(List.of(args));
                own.addAll(List.of("--out", work.resolve("own").toString()));
                int ownCode = new ShakedownCli(quiet, quiet).execute(own.toArray(String[]::new));
                // exit 2 can be a spec the run refused (its errors went to the quiet stream): say where to see them
                System.out.println("shakedown aot-cache: trained on " + args[0] + " too (its run ended with exit code " + ownCode
                        + (ownCode == 2 ? "; `shakedown validate " + args[0] + "` shows why" : "") + ")");
            }
        } finally {
            app.stop(0);
            FileUtils.deleteQuietly(work.toFile()); // a temporary folder: the system cleans what is left eventually
        }
        // a training run that did not pass recorded a path real runs rarely take: say so, the cache is still usable
        if (code != 0) System.err.println("shakedown aot-cache: the training run ended with exit code " + code);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = switch (path) {
            case "/health" -> "{\"status\":\"UP\"}";
            case "/api/items" -> "{\"items\":[{\"id\":1,\"name\":\"one\"},{\"id\":2,\"name\":\"two\"}]}";
            case "/api/greeting" -> "{\"greeting\":\"hi\"}";
            default -> "{\"error\":\"not found\"}";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(body.startsWith("{\"error\"") ? 404 : 200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
