package io.shakedown.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shakedown.support.Management;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.target.Labels;
import io.shakedown.target.kubernetes.PodFactory;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service wired with {@code shakedown.runtime=kubernetes}, at API level: Quarkus' Kubernetes client points
 * at the mock API server (CRUD mode) of quarkus-test-kubernetes-client. The engine gets the Kubernetes runtime
 * from configuration, readiness reports the API as "kubernetes", and recovery reaps this installation's pods
 * of runs that are not running.
 */
@QuarkusTest
@TestProfile(KubernetesRuntimeServiceApiTest.KubernetesRuntime.class)
@WithKubernetesTestServer(crud = true)
class KubernetesRuntimeServiceApiTest {

    public static class KubernetesRuntime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shakedown.runtime", "kubernetes", "shakedown.kubernetes.namespace", "shakedown-runs");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject ValidationEngine engine;
    @Inject RunRecovery recovery;
    @Inject ShakedownConfig config;

    @Test
    void theRuntimeComesFromConfigurationAndReadinessAsksTheApi() {
        assertEquals("kubernetes", engine.runtimeName());
        given().get(Management.url("/q/health/ready")).then().statusCode(200)
                .body("checks.name", hasItem("kubernetes"))
                .body("checks.find { it.name == 'kubernetes' }.status", org.hamcrest.Matchers.is("UP"));
    }

    @Test
    void recoveryReapsPodsOfRunsThatAreNotRunning() {
        var pods = server.getClient().pods().inNamespace("shakedown-runs");
        pods.resource(new PodBuilder().withNewMetadata().withName("leftover")
                .addToLabels(Labels.INSTALLATION, PodFactory.labelValue(config.installationId())).addToLabels(Labels.RUN_ID, "00000000-0000-0000-0000-00000000dead")
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("a:1").endContainer().endSpec().build()).create();
        recovery.recover(false);
        assertEquals(null, pods.withName("leftover").get(), "a pod of a run that is not RUNNING is reaped");
    }
}
