package io.shakedown.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.report.ReportFormat;
import io.shakedown.report.ReportSchemas;
import io.shakedown.store.RunStatus;
import io.shakedown.store.RunStore;
import io.shakedown.support.ExampleImages;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: an app that answers binary data (an image, a gzip stream, a protobuf message), text that is not
 * clean UTF-8, a NUL byte in a body or in a header value: the run ends with its real verdict within ?wait, the
 * report is stored in PostgreSQL and every format renders (JUnit XML parses). Before, PostgreSQL's jsonb refused
 * the report, the run stayed RUNNING, and recovery later closed it "interrupted by restart".
 */
@QuarkusTest
class BinaryEvidenceThroughServiceTest {

    @Inject RunStore store;

    @BeforeAll
    static void images() {
        ExampleImages.ensureBuilt();
    }

    @BeforeEach
    void token() {
        io.restassured.RestAssured.requestSpecification = ApiAuth.as("binary");
    }

    @AfterEach
    void noToken() {
        io.restassured.RestAssured.requestSpecification = null;
    }

    private JsonPath post(String yaml) {
        return given().contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=60").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aContainerServingBinaryFilesPassesAndItsReportIsStoredAndRendersInEveryFormat() throws Exception {
        JsonPath run = post(Files.readString(ExampleImages.example("binary-files")));
        assertEquals("PASSED", run.getString("status"), run.prettify());
        String png = run.getString("report.checks.find { it.name == 'an image' }.response.bodyExcerpt");
        assertTrue(png.startsWith("binary body (image/png, 73 bytes); first 32 bytes: 89504e470d0a1a0a"), png);
        String pb = run.getString("report.checks.find { it.name == 'a protobuf message' }.response.bodyExcerpt");
        assertTrue(pb.startsWith("binary body (") && pb.contains("080012030001021a026f6b"), pb);
        String gz = run.getString("report.checks.find { it.name == 'a gzip stream' }.response.bodyExcerpt");
        assertTrue(gz.contains("first 32 bytes: 1f8b08"), gz);
        String legacy = run.getString("report.checks.find { it.name == 'text in a legacy encoding' }.response.bodyExcerpt");
        assertTrue(legacy.startsWith("caf\uFFFD \uFFFD menu\uFFFD \uFFFD[1mbold"), "text kept, what cannot be stored shown as U+FFFD: " + legacy);

        assertStoredAndRendered(UUID.fromString(run.getString("id")), RunStatus.PASSED);
    }

    @Test
    void aNulInABodyAndInAHeaderValueStillEndTheRunWithItsVerdictAndAStoredReport() throws Exception {
        try (var app = new RawHttpApp()) {
            JsonPath run = post("""
                    app: nul-bytes
                    environment: ci
                    target: { url: "%s" }
                    readiness: { http: { path: /, status: 200 } }
                    checks:
                      - name: text with a NUL
                        request: { method: GET, path: /text-with-nul }
                        expect: { status: 200, body: { contains: "before" } }
                      - name: a NUL in a header value
                        request: { method: GET, path: /nul-header }
                        expect: { status: 200 }
                    """.formatted(app.url()));
            assertEquals("FAILED", run.getString("status"), run.prettify());
            String text = run.getString("report.checks[0].response.bodyExcerpt");
            assertEquals("PASSED", run.getString("report.checks[0].status"));
            assertTrue(text.startsWith("binary body (text/plain, "), "a NUL makes it binary: " + text);
            String failure = run.getString("report.checks[1].failure");
            assertTrue(failure.contains("the answer is not valid HTTP") && failure.contains("abc\uFFFDdef"), failure);
            assertFalse(run.getString("summary").contains("\u0000"));
            assertStoredAndRendered(UUID.fromString(run.getString("id")), RunStatus.FAILED);
        }
    }

    private void assertStoredAndRendered(UUID id, RunStatus status) throws Exception {
        var row = store.find(id).orElseThrow();
        assertEquals(status, row.status, row.summary);
        assertNotNull(row.report, "the report is stored");
        assertFalse(row.summary.contains("could not be stored"), row.summary);
        for (ReportFormat f : ReportFormat.values()) {
            String text = given().get("/api/v1/validations/" + id + "/report?format=" + f.id()).then().statusCode(200).extract().asString();
            assertFalse(text.contains("\u0000"), f + " holds a NUL");
            switch (f) {
                case JUNIT -> ReportSchemas.assertValidJUnit(text);
                case SARIF -> ReportSchemas.assertValidSarif(text);
                case HTML -> ReportSchemas.assertSelfContainedHtml(text);
                default -> assertTrue(text.contains(status.name()), f + ": " + text);
            }
        }
    }

    /** A loopback server that writes raw HTTP/1.1 answers, bytes exactly as given (no HTTP library would send these). */
    static final class RawHttpApp implements AutoCloseable {
        private static final Map<String, byte[]> ANSWERS = Map.of(
                "/", answer("Content-Type: text/plain\r\n", "ok".getBytes(StandardCharsets.UTF_8)),
                "/text-with-nul", answer("Content-Type: text/plain\r\n", "before\u0000after \u00e9".getBytes(StandardCharsets.ISO_8859_1)),
                "/nul-header", answer("Content-Type: text/plain\r\nX-Trace: abc\u0000def\r\n", "ok".getBytes(StandardCharsets.UTF_8)));
        private final ServerSocket server;
        private final Thread thread;

        RawHttpApp() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private static byte[] answer(String headers, byte[] body) {
            byte[] head = ("HTTP/1.1 200 OK\r\n" + headers + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        }

        private static void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                // the request head, up to the blank line (bodiless GETs only)
                var head = new StringBuilder();
                int c;
                while ((c = in.read()) != -1) {
                    head.append((char) c);
                    if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
                }
                String[] requestLine = head.toString().split(" ", 3);
                String path = requestLine.length > 1 ? requestLine[1] : "/";
                out.write(ANSWERS.getOrDefault(path, answer("", new byte[0])));
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
