package io.shakedown.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shakedown.support.Management;
import com.github.dockerjava.api.command.PullImageResultCallback;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.api.ApiAuth;
import io.shakedown.engine.ValidationEngine;
import io.shakedown.run.EngineSettings;
import io.shakedown.store.PgPulledImages;
import io.shakedown.support.ExampleImages;
import io.shakedown.support.LocalRegistry;
import io.shakedown.target.DockerClients;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's image policy with its ledger in PostgreSQL: a run that pulled a new tag from a real registry leaves no
 * image behind; an image a running run (of any replica) needs survives the periodic sweep until that run ends.
 */
@QuarkusTest
class ImagePolicyServiceTest {
    static LocalRegistry registry;
    static DockerClients docker;

    @Inject PgPulledImages pulled;
    @Inject ValidationEngine engine;
    @Inject EntityManager em;

    @BeforeAll
    static void startRegistry() throws Exception {
        ExampleImages.ensureBuilt();
        registry = LocalRegistry.start();
        docker = new DockerClients(EngineSettings.defaults());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) registry.close();
        if (docker != null) docker.close();
    }

    static double imagesRemoved() {
        var m = Pattern.compile("(?m)^shakedown_images_removed_total ([0-9.eE+-]+)$")
                .matcher(given().get(Management.url("/q/metrics")).then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aRunThatPulledANewTagLeavesNoImageBehind() throws Exception {
        String image = registry.push(docker, "shakedown-example/hello-api:1.0", registry.repository("shop"), "sha-" + UUID.randomUUID().toString().substring(0, 8), false);
        double before = imagesRemoved();
        given().spec(ApiAuth.as("images")).contentType("application/yaml")
                .body("""
                        app: shop
                        target: { image: "%s", port: 8080 }
                        readiness: { http: { path: /health, status: 200 } }
                        """.formatted(image).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=120").then().statusCode(200)
                .body("verdict", equalTo("PASSED"))
                .body("report.stages.find { it.name == 'image' }.message", equalTo("pulled " + image))
                .body("report.stages.find { it.name == 'cleanup' }.message", equalTo("removed pulled image " + image));
        assertFalse(LocalRegistry.isPresent(docker, image), "no image left behind");
        assertFalse(pulled.contains(image), "the ledger forgets what is removed");
        assertEquals(before + 1, imagesRemoved());
    }

    @Test
    void theSweepKeepsAPulledImageARunningRunNeedsThenRemovesIt() throws Exception {
        String image = registry.push(docker, "shakedown-example/hello-api:1.0", registry.repository("cart"), "sha-" + UUID.randomUUID().toString().substring(0, 8), false);
        docker.streams.pullImageCmd(image).exec(new PullImageResultCallback()).awaitCompletion(60, TimeUnit.SECONDS);
        pulled.recordPull(image, registry.repository("cart"));
        UUID other = UUID.randomUUID(); // a run of another replica, still running with this image
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into validation_run (id, app, environment, status, spec_text, spec_format, target, created_at, started_at, owner_instance, heartbeat_at)
                values (:id, 'cart', 'ci', 'RUNNING', 'app: cart', 'yaml', :image, now(), now(), 'other-replica', now() + interval '1 hour')""")
                .setParameter("id", other).setParameter("image", image).executeUpdate());
        try {
            engine.sweepImages();
            assertTrue(LocalRegistry.isPresent(docker, image), "a running run needs it");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update validation_run set status = 'PASSED', finished_at = now() where id = :id").setParameter("id", other).executeUpdate());
        }
        engine.sweepImages(); // (or the periodic one, every 10 s, got there first)
        assertFalse(LocalRegistry.isPresent(docker, image), "once its run ended, nobody needs it");
    }
}
