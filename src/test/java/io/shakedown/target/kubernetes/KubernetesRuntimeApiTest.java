package io.shakedown.target.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.perf.PerfSettings;
import io.shakedown.report.Report;
import io.shakedown.report.Verdict;
import io.shakedown.rules.RuleSet;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.Labels;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes runtime at API level, against fabric8's mock API server in CRUD mode (no cluster can run
 * here; the real end-to-end run is .github/workflows/kubernetes.yml on GitHub's runners). The engine runs a
 * spec through {@link KubernetesRuntime}; a stand-in for the kubelet writes a recorded pod status
 * (src/test/resources/kubernetes/) onto the run's pod and creates its events; the watch must pick the change
 * up, the diagnosis must name the failure with its evidence, and the pod must be deleted at the end.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeApiTest {
    static KubernetesClient client;
    static KubernetesMockServer server;
    static final String NS = "shakedown-runs";
    static final String CRASH_LOG = "starting report-service 1.4.2\nDATABASE_URL is not set; cannot connect\n";
    static final String GOOD_LOG = "starting report-service 1.4.2\nlistening on 0.0.0.0\n";

    String installation;
    KubernetesRuntime runtime;
    /** When the kubelet stand-in first served the followed log (0: not yet). */
    final java.util.concurrent.atomic.AtomicLong logServedAt = new java.util.concurrent.atomic.AtomicLong();

    @BeforeEach
    void setUp() {
        installation = "api-" + UUID.randomUUID().toString().substring(0, 8);
        runtime = new KubernetesRuntime(client, settings(KubernetesSettings.Access.POD_IP));
    }

    KubernetesSettings settings(KubernetesSettings.Access access) {
        return new KubernetesSettings(NS, installation, List.of("registry-credentials"), access, true, Duration.ofMinutes(30));
    }

    @Test
    void thePodSentIsRestrictedLabelledAndCarriesTheSpec() throws Exception {
        var spec = new SpecParser().parse("""
                app: Hello_API
                target:
                  image: registry.example.com/team/app:1.4.2
                  port: 8080
                  command: ["serve", "--port", "8080"]
                  env: { GREETING: hi, DATABASE_URL: "postgres://db/app" }
                  resources: { memory: 64m, cpus: 0.5 }
                  pull: always
                """).target();
        var target = (KubernetesTarget) runtime.create("Hello_API", spec, runtime.prepare(spec), new RunContext("run-1234", e -> {}, new Cancellation()));
        target.start();
        request("POST", "/api/v1/namespaces/" + NS + "/pods"); // one create call; what it carried is what the server stored:

        Pod sent = client.pods().inNamespace(NS).withName(target.name()).get();
        assertNotNull(sent, "the pod exists in the API server");
        assertTrue(target.name().matches("shakedown-hello-api-[0-9a-f]{8}"), target.name());
        assertEquals(Map.of(Labels.RUN_ID, "run-1234", Labels.INSTALLATION, installation, Labels.APP, "Hello_API", Labels.ROLE, "target"),
                sent.getMetadata().getLabels());
        var podSpec = sent.getSpec();
        assertEquals("Never", podSpec.getRestartPolicy());
        assertEquals(1800L, podSpec.getActiveDeadlineSeconds());
        assertEquals(Boolean.FALSE, podSpec.getAutomountServiceAccountToken());
        assertEquals(Boolean.FALSE, podSpec.getEnableServiceLinks());
        assertEquals("registry-credentials", podSpec.getImagePullSecrets().getFirst().getName());
        assertEquals(Boolean.TRUE, podSpec.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", podSpec.getSecurityContext().getSeccompProfile().getType());
        var c = podSpec.getContainers().getFirst();
        assertEquals("app", c.getName());
        assertEquals("registry.example.com/team/app:1.4.2", c.getImage());
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals(List.of("serve", "--port", "8080"), c.getArgs());
        assertTrue(c.getCommand() == null || c.getCommand().isEmpty(), "the image's entrypoint stays, like docker run's CMD override");
        assertEquals(Map.of("GREETING", "hi", "DATABASE_URL", "postgres://db/app"),
                c.getEnv().stream().collect(java.util.stream.Collectors.toMap(e -> e.getName(), e -> e.getValue())));
        assertEquals(8080, c.getPorts().getFirst().getContainerPort());
        assertEquals("67108864", c.getResources().getLimits().get("memory").toString());
        assertEquals("500m", c.getResources().getLimits().get("cpu").toString());
        assertEquals(c.getResources().getLimits(), c.getResources().getRequests(), "requests = limits: Guaranteed, like Docker's hard limits");
        assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(Boolean.FALSE, c.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());

        // the delete call is answered by an expectation, which sees its body (the CRUD store consumes it)
        var deleteBody = new AtomicReference<String>();
        server.expect().delete().withPath("/api/v1/namespaces/" + NS + "/pods/" + target.name())
                .andReply(200, r -> { deleteBody.set(r.getUtf8Body()); return sent; }).once();
        target.close();
        request("DELETE", "/api/v1/namespaces/" + NS + "/pods/" + target.name());
        assertNotNull(deleteBody.get(), "close() deleted the pod");
        assertTrue(deleteBody.get().contains("\"propagationPolicy\":\"Background\""), "deleted with background propagation: " + deleteBody.get());
        client.pods().inNamespace(NS).withName(target.name()).delete();
    }

    /** Every failure kind: recorded status → watch → diagnosis with its evidence → verdict → pod deleted. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            image-pull-not-found    | IMAGE_PULL_FAILED   | ERROR  | no such image or tag           | rpc error: code = NotFound  | true
            image-pull-unauthorized | IMAGE_PULL_FAILED   | ERROR  | refused the credentials        | 401 Unauthorized            | true
            crash-loop-backoff      | EXITED              | FAILED | CrashLoopBackOff): last exit code 1 | 3 restart(s)           | true
            exited-error            | EXITED              | FAILED | exited with code 3 (Error)     | exit code 3, reason Error   | true
            oom-killed              | OOM_KILLED          | FAILED | memory limit of 64Mi           | exit code 137, reason OOMKilled | true
            run-as-root-rejected    | POD_CONFIG_REJECTED | ERROR  | runAsNonRoot and image will run as root | CreateContainerConfigError | true
            unschedulable           | UNSCHEDULABLE       | ERROR  | 3 Insufficient memory          | PodScheduled=False, reason Unschedulable | false
            running-not-ready       | NO_ANSWER           | FAILED | no usable answer               | socket table is not read    | false
            """)
    void recordedPodStatusIsDiagnosed(String document, String kind, Verdict verdict, String inSummary, String inEvidence, boolean failsFast) throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // for the pod that runs but never answers: nothing listens here
        }
        String timeout = failsFast ? "30s" : "3s";
        var spec = new SpecParser().parse("""
                app: recorded
                target: { image: "registry.example.com/team/app:1.4.2", port: %d, startupTimeout: %s }
                readiness: { http: { path: /health } }
                """.formatted(closedPort, timeout));
        String runId = UUID.randomUUID().toString();
        var kubelet = Thread.ofVirtual().start(() -> actAsKubelet(runId, document));
        Report report = run(spec, runId);
        kubelet.join(5_000);
        var diagnosis = report.readiness().diagnosis();
        assertNotNull(diagnosis, report.summary());
        assertEquals(kind, diagnosis.kind().name(), diagnosis.toString());
        assertEquals(verdict, report.verdict(), report.summary());
        assertTrue(diagnosis.summary().contains(inSummary), diagnosis.summary());
        assertTrue(diagnosis.evidence().stream().anyMatch(e -> e.contains(inEvidence)), diagnosis.evidence().toString());
        assertFalse(diagnosis.hint() == null || diagnosis.hint().isBlank(), "a diagnosis always says what to do");
        if (failsFast) {
            assertTrue(report.readiness().durationMs() < 15_000, "the watch saw the failure and readiness stopped at once, not at the timeout: "
                    + report.readiness().durationMs() + " ms");
        }
        assertEquals("pod", report.target().kind());
        if (kind.equals("EXITED")) {
            assertTrue(diagnosis.evidence().contains("  DATABASE_URL is not set; cannot connect"), "the log tail is evidence: " + diagnosis.evidence());
            assertTrue(diagnosis.hint().contains("DATABASE_URL"), "the missing-env hint applies to pods too: " + diagnosis.hint());
        }
        assertTrue(client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems().isEmpty(), "the pod is deleted after the run");
    }

    /** The watch's DELETED event: a pod removed by someone else ends readiness at once, as Shakedown's problem (ERROR). */
    @Test
    void aPodDeletedByAnotherHandEndsTheRunAsError() throws Exception {
        var spec = new SpecParser().parse("""
                app: deleted
                target: { image: "registry.example.com/team/app:1.4.2", port: 8080, startupTimeout: 30s }
                readiness: { http: { path: /health } }
                """);
        String runId = UUID.randomUUID().toString();
        var other = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                var pods = client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems();
                if (!pods.isEmpty()) {
                    sleep(300); // the target watches by now
                    client.pods().inNamespace(NS).withName(pods.getFirst().getMetadata().getName()).delete();
                    return;
                }
                sleep(50);
            }
        });
        Report report = run(spec, runId);
        other.join(5_000);
        assertEquals("POD_REMOVED", report.readiness().diagnosis().kind().name(), report.readiness().diagnosis().toString());
        assertEquals(Verdict.ERROR, report.verdict(), report.summary());
        assertTrue(report.readiness().durationMs() < 15_000, "the DELETED event ended readiness, not the timeout: " + report.readiness().durationMs() + " ms");
    }

    @Test
    void unschedulableNamesTheEventsMessage() throws Exception {
        var recorded = recorded("unschedulable");
        var d = PodDiagnosis.diagnose(recorded.pod(), recorded.events(), List::of, new SpecParser().parse("""
                app: x
                target: { image: "registry.example.com/team/app:1.4.2", port: 8080 }
                """).target()).orElseThrow();
        assertTrue(d.summary().endsWith("0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."), d.summary());
        assertTrue(d.evidence().stream().anyMatch(e -> e.startsWith("event FailedScheduling: ")), d.evidence().toString());
        assertTrue(d.hint().contains("target.resources"), d.hint());
    }

    @Test
    void crashCarriesTheLogTail() throws Exception {
        var recorded = recorded("exited-error");
        var d = PodDiagnosis.diagnose(recorded.pod(), recorded.events(), () -> List.of("starting", "DATABASE_URL is not set", "exiting"),
                new SpecParser().parse("app: x\ntarget: { image: \"a:1\", port: 8080 }\n").target()).orElseThrow();
        assertTrue(d.evidence().contains("  DATABASE_URL is not set"), d.evidence().toString());
        assertTrue(d.evidence().contains("last 3 log line(s):"), d.evidence().toString());
    }

    /** Readiness through the pod IP: a pod that runs and answers passes; the rules stage says which evidence a pod lacks. */
    @Test
    void aRunningPodThatAnswersPassesThroughItsIp() throws Exception {
        Report report = runAnsweringPod(GOOD_LOG);
        assertEquals(Verdict.PASSED, report.verdict(), report.summary());
        assertTrue(report.target().url().startsWith("http://127.0.0.1:"), "the pod IP the probes used: " + report.target());
        assertEquals("registry.example.com/team/app@sha256:5b0c", report.target().imageId(), "the digest the kubelet ran");
        assertEquals(List.of("starting report-service 1.4.2", "listening on 0.0.0.0"), report.log().lines(),
                "the pod's log, followed from the moment it ran, is in the report");
        var rules = report.stages().stream().filter(s -> s.name().equals("rules")).findFirst().orElseThrow();
        assertTrue(rules.message().contains("evidence not available for a pod"), rules.message());
    }

    /** The rules stage works on the evidence a pod does offer: its log. */
    @Test
    void aRuleFiresOnThePodsLog() throws Exception {
        Report report = runAnsweringPod(CRASH_LOG);
        assertEquals(Verdict.FAILED, report.verdict(), report.summary());
        assertTrue(report.findings().stream().anyMatch(f -> f.ruleId().equals("missing-required-env")), report.findings().toString());
    }

    /**
     * How pages are reached on this runtime: the service's own Chromium opens them at the pod IP, the address every other
     * stage used (the recorded pod IP is 127.0.0.1, where only this test's app answers); its script, fetched from the
     * same origin, throws — the browser stage names it, so the page really ran in Chromium there.
     */
    @Test
    void theBrowserOpensThePagesAtThePodIp() throws Exception {
        Report report = runAnsweringPod(GOOD_LOG, "<!doctype html><title>shop</title><h1>Shop</h1><script src=\"/app.js\"></script>");
        assertEquals(Verdict.FAILED, report.verdict(), report.summary());
        var page = report.browser().pages().getFirst();
        assertEquals("/", page.path());
        assertEquals(report.target().url() + "/", page.url(), "the page at the pod IP: " + report.target());
        assertTrue(page.failure().contains("Uncaught Error: boom") && page.failure().contains(report.target().url() + "/app.js"), page.failure());
        assertTrue(page.screenshot().startsWith("data:image/jpeg;base64,"), "a screenshot taken at the pod IP");
    }

    Report runAnsweringPod(String logText) throws Exception {
        return runAnsweringPod(logText, null);
    }

    /** {@code html}: what / answers (text/html; /app.js throws), or null for a plain "ok". */
    Report runAnsweringPod(String logText, String html) throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/app.js", x -> {
            byte[] body = "throw new Error('boom');".getBytes();
            x.getResponseHeaders().set("Content-Type", "text/javascript");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        app.createContext("/", x -> {
            // healthy only once the pod's log has been streamed (a real app logs before it serves): the rules
            // stage must see the log, and the test must not depend on which of the two arrives first
            long served = logServedAt.get();
            boolean logged = served != 0 && System.nanoTime() - served > 300_000_000L;
            boolean page = logged && html != null && x.getRequestURI().getPath().equals("/");
            byte[] body = (page ? html : logged ? "ok" : "starting").getBytes();
            x.getResponseHeaders().set("Content-Type", page ? "text/html; charset=utf-8" : "text/plain");
            x.sendResponseHeaders(logged ? 200 : 503, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        app.start();
        try {
            var spec = new SpecParser().parse("""
                    app: answering
                    target: { image: "registry.example.com/team/app:1.4.2", port: %d, startupTimeout: 20s }
                    readiness: { http: { path: /health } }
                    checks:
                      - name: home
                        request: { path: / }
                        expect: { status: 200 }
                    """.formatted(app.getAddress().getPort()));
            String runId = UUID.randomUUID().toString();
            // the only server answering is the one at the recorded pod IP (127.0.0.1) and the declared port
            var kubelet = Thread.ofVirtual().start(() -> actAsKubelet(runId, "running-not-ready", logText));
            Report report = run(spec, runId);
            kubelet.join(5_000);
            assertEquals(NS + "/", report.target().containerId().substring(0, NS.length() + 1));
            assertTrue(client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems().isEmpty(), "the pod is deleted after the run");
            return report;
        } finally {
            app.stop(0);
        }
    }

    @Test
    void reapingDeletesOnlyThisInstallationsPodsOfRunsNoLongerRunning() {
        pod("live-pod", installation, "live-run");
        pod("dead-pod", installation, "dead-run");
        pod("other-installation", "someone-else", "dead-run");
        int reaped = runtime.reap(runId -> runId.equals("live-run"));
        assertEquals(1, reaped);
        assertNotNull(client.pods().inNamespace(NS).withName("live-pod").get());
        assertNull(client.pods().inNamespace(NS).withName("dead-pod").get());
        assertNotNull(client.pods().inNamespace(NS).withName("other-installation").get(), "another installation's pods are not ours");
        client.pods().inNamespace(NS).withName("live-pod").delete();
        client.pods().inNamespace(NS).withName("other-installation").delete();
    }

    @Test
    void aDeniedNamespaceIsAnErrorThatSaysWhatToGrant() {
        server.expect().get().withPath("/api/v1/namespaces/forbidden/pods?limit=1").andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods is forbidden: User \\\"system:serviceaccount:shakedown:shakedown\\\" cannot list resource \\\"pods\\\"\",\"reason\":\"Forbidden\",\"code\":403}").once();
        var denied = new KubernetesRuntime(client, new KubernetesSettings("forbidden", installation, List.of(), KubernetesSettings.Access.POD_IP, true, Duration.ofMinutes(5)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.shakedown.target.TargetException.class, denied::ping);
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("k8s/overlays/kubernetes-runtime"), e.getMessage());
    }

    /** The next request the mock server received with this method and path (earlier ones are skipped). */
    static io.fabric8.mockwebserver.http.RecordedRequest request(String method, String path) throws InterruptedException {
        for (var r = server.takeRequest(2, java.util.concurrent.TimeUnit.SECONDS); r != null; r = server.takeRequest(2, java.util.concurrent.TimeUnit.SECONDS)) {
            if (method.equals(r.getMethod()) && path.equals(r.getPath())) return r;
        }
        throw new AssertionError("no " + method + " " + path + " was sent");
    }

    void pod(String name, String installation, String runId) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels(Labels.INSTALLATION, installation).addToLabels(Labels.RUN_ID, runId).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("a:1").endContainer().endSpec().build()).create();
    }

    /** One run on an engine of its own over the mock cluster's runtime (the engine closes it after the run). */
    Report run(ValidationSpec spec, String runId) {
        try (var engine = new ValidationEngine(RuleSet.builtIn(), PerfSettings.defaults(), runtime)) {
            return engine.run(spec, new RunContext(runId, e -> {}, new Cancellation()));
        }
    }

    record Recorded(Pod pod, List<Event> events) {}

    static Recorded recorded(String document) {
        try (InputStream in = KubernetesRuntimeApiTest.class.getResourceAsStream("/kubernetes/" + document + ".json")) {
            KubernetesList list = Serialization.unmarshal(in, KubernetesList.class);
            Pod pod = null;
            List<Event> events = new java.util.ArrayList<>();
            for (HasMetadata item : list.getItems()) {
                if (item instanceof Pod p) pod = p;
                if (item instanceof Event e) events.add(e);
            }
            return new Recorded(pod, events);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the kubelet and scheduler would do to the run's pod: write the recorded status, create the events. */
    void actAsKubelet(String runId, String document) {
        actAsKubelet(runId, document, CRASH_LOG);
    }

    void actAsKubelet(String runId, String document, String logText) {
        var recorded = recorded(document);
        AtomicReference<Pod> ours = new AtomicReference<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ours.get() == null && System.nanoTime() < deadline) {
            client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems().stream().findFirst().ifPresent(ours::set);
            if (ours.get() == null) sleep(50);
        }
        Pod pod = ours.get();
        if (pod == null) throw new AssertionError("the engine created no pod for run " + runId);
        String name = pod.getMetadata().getName();
        // pods/log: the followed stream and the tail the diagnosis asks for when following caught nothing
        String logPath = "/api/v1/namespaces/" + NS + "/pods/" + name + "/log?pretty=false&container=app";
        server.expect().get().withPath(logPath + "&follow=true").andReply(200, r -> {
            logServedAt.compareAndSet(0, System.nanoTime());
            return logText;
        }).always();
        server.expect().get().withPath(logPath + "&tailLines=50").andReturn(200, logText).always();
        for (Event e : recorded.events()) {
            e.getMetadata().setName(name + "." + UUID.randomUUID().toString().substring(0, 8));
            e.getMetadata().setNamespace(NS);
            e.setInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withName(name).withNamespace(NS).build());
            client.v1().events().inNamespace(NS).resource(e).create();
        }
        sleep(300); // the target is watching by now; the status change must arrive through the watch
        pod.setStatus(recorded.pod().getStatus());
        if (recorded.pod().getSpec().getContainers().getFirst().getResources() != null) {
            pod.getSpec().getContainers().getFirst().setResources(recorded.pod().getSpec().getContainers().getFirst().getResources());
        }
        client.pods().inNamespace(NS).resource(pod).update();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
