import com.sun.net.httpserver.HttpServer;
import io.shakedown.contract.ContractRunner;
import io.shakedown.probe.HttpProbe;
import io.shakedown.run.Cancellation;
import io.shakedown.spec.ContractSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The contract stage on a 20-operation OpenAPI 3.0 document (each operation with a path parameter and a $ref'd
 * object schema) against an app in this JVM: the first run in a fresh JVM (document discovery, parse, schema compile,
 * 20 exchanges judged) and the median of ROUNDS warm runs; beside it, the reference: the same 20 GETs sent plainly with
 * the same HTTP client and nothing judged. Run by bench/contract-stage.sh; not a test.
 */
public class ContractStageBench {
    static final int OPERATIONS = 20;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        var doc = new StringBuilder("{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"bench\", \"version\": \"1\"}, \"paths\": {");
        for (int i = 0; i < OPERATIONS; i++) {
            doc.append(i == 0 ? "" : ",").append("\"/r").append(i).append("/{id}\": {\"get\": {\"operationId\": \"get").append(i)
                    .append("\", \"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"integer\", \"minimum\": 1}}],")
                    .append(" \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Thing\"}}}}}}}");
        }
        doc.append("}, \"components\": {\"schemas\": {\"Thing\": {\"type\": \"object\", \"required\": [\"id\", \"name\"], \"properties\": {")
                .append("\"id\": {\"type\": \"integer\"}, \"name\": {\"type\": \"string\"}, \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},")
                .append("\"note\": {\"type\": \"string\", \"nullable\": true}}}}}}");
        byte[] document = doc.toString().getBytes(StandardCharsets.UTF_8);
        byte[] thing = "{\"id\": 1, \"name\": \"thing\", \"tags\": [\"a\", \"b\"], \"note\": null}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestURI().getPath().equals("/openapi.json") ? document : thing;
            int status = ex.getRequestURI().getPath().startsWith("/r") || body == document ? 200 : 404;
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        var spec = new ContractSpec(null, null, Map.of(), Map.of(), List.of(), false, false, null, null);
        var http = new HttpProbe();

        long t0 = System.nanoTime();
        var first = new ContractRunner(http).run(spec, base, Map.of(), Map.of(), List.of(), List.of(), new Cancellation());
        long cold = System.nanoTime() - t0;
        if (first.operations().size() != OPERATIONS || first.failure() != null) throw new IllegalStateException("unexpected: " + first);
        long[] warm = new long[rounds];
        long[] plain = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long a = System.nanoTime();
            new ContractRunner(http).run(spec, base, Map.of(), Map.of(), List.of(), List.of(), new Cancellation());
            warm[r] = System.nanoTime() - a;
            long b = System.nanoTime();
            for (int i = 0; i < OPERATIONS; i++) {
                http.client().send(HttpRequest.newBuilder(URI.create(base + "/r" + i + "/1")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            plain[r] = System.nanoTime() - b;
        }
        server.stop(0);
        Arrays.sort(warm);
        Arrays.sort(plain);
        System.out.printf("contract stage, %d operations: cold (fresh JVM, first run) %.0f ms; warm median %.1f ms; reference (20 plain GETs) %.1f ms; warm/reference %.1fx over %d rounds%n",
                OPERATIONS, cold / 1e6, warm[rounds / 2] / 1e6, plain[rounds / 2] / 1e6, (double) warm[rounds / 2] / plain[rounds / 2], rounds);
    }
}
