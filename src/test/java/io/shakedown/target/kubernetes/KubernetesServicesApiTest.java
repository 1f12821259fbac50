package io.shakedown.target.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.shakedown.run.Cancellation;
import io.shakedown.run.RunContext;
import io.shakedown.spec.SpecParser;
import io.shakedown.spec.ValidationSpec;
import io.shakedown.target.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Services and init jobs on the Kubernetes runtime at API level, against fabric8's mock API server in CRUD mode (no
 * cluster runs here; a stand-in for the kubelet writes the pod statuses): each service is a pod of its own with the
 * run's labels, the app's and the jobs' pods reach it through a host alias holding its pod IP, a job's exit code is
 * read from its pod, and every pod is deleted at the end.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesServicesApiTest {
    static KubernetesClient client;
    static final String NS = "shakedown-runs";

    final String installation = "svc-" + UUID.randomUUID().toString().substring(0, 8);
    final KubernetesRuntime runtime = new KubernetesRuntime(client, new KubernetesSettings(NS, installation, List.of(), KubernetesSettings.Access.POD_IP,
            true, Duration.ofMinutes(30)));

    static final String SPEC = """
            app: shop
            target:
              image: registry.example.com/shop:1.4.2
              port: 8080
              env: { DB_HOST: "${services.db.host}", DB_PORT: "${services.db.port}" }
            services:
              db:
                image: postgres:15-bookworm
                port: 5432
                env: { POSTGRES_PASSWORD: secret }
            jobs:
              - name: migrate
                command: [ "java", "-jar", "/app/app.jar", "--migrate-only" ]
                timeout: 20s
            """;

    @Test
    void servicesArePodsTheAppAndJobsReachThroughHostAliasesAndAllAreDeleted() throws Exception {
        ValidationSpec spec = new SpecParser().parse(SPEC);
        String runId = UUID.randomUUID().toString();
        var ctx = new RunContext(runId, e -> {}, new Cancellation());
        var env = runtime.environment("shop", ctx);
        var db = (KubernetesTarget) env.createService("db", spec.services().get("db"));
        db.start();

        Pod dbPod = client.pods().inNamespace(NS).withName(db.name()).get();
        assertEquals(Map.of(Labels.RUN_ID, runId, Labels.INSTALLATION, installation, Labels.APP, "shop", Labels.ROLE, "service", Labels.NAME, "db"),
                dbPod.getMetadata().getLabels());
        assertTrue(db.name().matches("shakedown-shop-db-[0-9a-f]{8}"), db.name());
        var c = dbPod.getSpec().getContainers().getFirst();
        assertEquals("postgres:15-bookworm", c.getImage());
        assertEquals(5432, c.getPorts().getFirst().getContainerPort());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), "a service pod is as restricted as the app's");

        // the kubelet stand-in: the service pod runs at 10.1.2.3
        client.pods().inNamespace(NS).withName(db.name()).editStatus(p -> {
            p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.1.2.3").build());
            return p;
        });
        awaitIp(db, "10.1.2.3");

        // the job: its pod gets the host alias, runs, and the stand-in ends it with exit code 0
        var jobPod = new AtomicReference<Pod>();
        var kubelet = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                var pods = client.pods().inNamespace(NS).withLabel(Labels.ROLE, "job").withLabel(Labels.RUN_ID, runId).list().getItems();
                if (!pods.isEmpty()) {
                    jobPod.set(pods.getFirst());
                    client.pods().inNamespace(NS).withName(pods.getFirst().getMetadata().getName()).editStatus(p -> {
                        p.setStatus(new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder().withName("app")
                                .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().build())
                                .build()).build());
                        return p;
                    });
                    return;
                }
                try { Thread.sleep(50); } catch (InterruptedException e) { return; }
            }
        });
        var outcome = env.runJob(spec.jobs().getFirst(), spec.target().image(), ctx.cancellation());
        kubelet.join(5_000);
        assertEquals(0L, outcome.exitCode());
        assertNotNull(jobPod.get(), "the job ran as a pod");
        assertEquals("job", jobPod.get().getMetadata().getLabels().get(Labels.ROLE));
        assertEquals("migrate", jobPod.get().getMetadata().getLabels().get(Labels.NAME));
        assertEquals("10.1.2.3", jobPod.get().getSpec().getHostAliases().getFirst().getIp());
        assertEquals(List.of("db"), jobPod.get().getSpec().getHostAliases().getFirst().getHostnames());
        assertEquals(List.of("java", "-jar", "/app/app.jar", "--migrate-only"), jobPod.get().getSpec().getContainers().getFirst().getArgs());
        assertTrue(client.pods().inNamespace(NS).withName(jobPod.get().getMetadata().getName()).get() == null, "the job's pod is deleted after its exit");

        // the app: created in the environment, its pod knows db by name — so only once db has its IP: the engine
        // creates it after the services and jobs here (on Docker, before them)
        assertFalse(runtime.createsStopped(), "a pod runs once created");
        var app = (KubernetesTarget) runtime.create("shop", spec.target(), runtime.prepare(spec.target()), ctx, env);
        app.start();
        Pod appPod = client.pods().inNamespace(NS).withName(app.name()).get();
        assertEquals("target", appPod.getMetadata().getLabels().get(Labels.ROLE));
        assertEquals("10.1.2.3", appPod.getSpec().getHostAliases().getFirst().getIp());
        assertEquals(List.of("db"), appPod.getSpec().getHostAliases().getFirst().getHostnames());

        app.close();
        env.close();
        env.close(); // idempotent: a cancel, then the run's end
        awaitGone(runId);
    }

    @Test
    void aServicePodThatNeverGetsAnIpIsTheRuntimesProblemNamingTheService() throws Exception {
        ValidationSpec spec = new SpecParser().parse(SPEC);
        var cancellation = new Cancellation();
        var ctx = new RunContext(UUID.randomUUID().toString(), e -> {}, cancellation);
        var env = runtime.environment("shop", ctx);
        var db = (KubernetesTarget) env.createService("db", spec.services().get("db"));
        db.start();
        cancellation.cancel(); // stands in for the 120 s wait: the same path
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.shakedown.target.TargetException.class,
                () -> runtime.create("shop", spec.target(), runtime.prepare(spec.target()), ctx, env));
        assertTrue(e.getMessage().contains("service db's pod got no IP"), e.getMessage());
        env.close();
        awaitGone(ctx.runId());
    }

    /**
     * A Compose-imported service on Kubernetes: its entrypoint replaces the image's (the container's command), its tmpfs
     * paths are memory-backed emptyDirs (Compose's size= as the sizeLimit), and its health check command is the
     * container's exec readiness probe — the kubelet runs it; the service is ready once the pod says the container is.
     */
    @Test
    void aComposeServicesEntrypointTmpfsAndHealthcheckBecomeItsPodsCommandVolumesAndReadinessProbe() throws Exception {
        ValidationSpec spec = new SpecParser().parse("""
                app: shop
                target: { image: "registry.example.com/shop:1.4.2", port: 8080 }
                services:
                  db:
                    image: postgres:15-bookworm
                    port: 5432
                    entrypoint: [ "docker-entrypoint.sh", "-c", "fsync=off" ]
                    tmpfs: [ "/var/run/postgresql", "/tmp:size=64m,mode=1777" ]
                    readiness:
                      healthcheck: { test: [ "CMD-SHELL", "pg_isready -U app" ], interval: 1500ms }
                """);
        var ctx = new RunContext(UUID.randomUUID().toString(), e -> {}, new Cancellation());
        var env = runtime.environment("shop", ctx);
        var db = (KubernetesTarget) env.createService("db", spec.services().get("db"));
        db.start();
        Pod pod = client.pods().inNamespace(NS).withName(db.name()).get();
        var c = pod.getSpec().getContainers().getFirst();
        assertEquals(List.of("docker-entrypoint.sh", "-c", "fsync=off"), c.getCommand());
        assertEquals(List.of("/var/run/postgresql", "/tmp"), c.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        var volumes = pod.getSpec().getVolumes();
        assertTrue(volumes.stream().allMatch(v -> "Memory".equals(v.getEmptyDir().getMedium())), volumes.toString());
        assertEquals(null, volumes.get(0).getEmptyDir().getSizeLimit());
        assertEquals(java.math.BigDecimal.valueOf(64L * 1024 * 1024), io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                volumes.get(1).getEmptyDir().getSizeLimit()), "Compose's 64m is 64 MiB, not 64 milli");
        var probe = c.getReadinessProbe();
        assertEquals(List.of("/bin/sh", "-c", "pg_isready -U app"), probe.getExec().getCommand());
        assertEquals(2, probe.getPeriodSeconds(), "1.5 s rounded up to the kubelet's whole seconds");

        var readiness = new io.shakedown.probe.HealthcheckReadiness();
        assertEquals("HEALTHCHECK reports starting", readiness.attempt(db, Duration.ofSeconds(1)).outcome());
        // the kubelet stand-in: the probe passed, the container is Ready
        client.pods().inNamespace(NS).withName(db.name()).editStatus(p -> {
            p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.1.2.4").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("app").withReady(true).withState(new ContainerStateBuilder().withNewRunning().endRunning().build()).build()).build());
            return p;
        });
        awaitIp(db, "10.1.2.4");
        assertTrue(readiness.attempt(db, Duration.ofSeconds(1)).ready(), "ready once the pod's container is Ready");
        env.close();
        awaitGone(ctx.runId());
    }

    private static void awaitIp(KubernetesTarget target, String ip) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Pod p = target.current();
            if (p != null && p.getStatus() != null && ip.equals(p.getStatus().getPodIP())) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the watch did not see the pod IP");
    }

    private static void awaitGone(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems().isEmpty()) return;
            Thread.sleep(20);
        }
        throw new AssertionError("pods of run " + runId + " left: " + client.pods().inNamespace(NS).withLabel(Labels.RUN_ID, runId).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList());
    }
}
