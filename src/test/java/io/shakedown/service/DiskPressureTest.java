package io.shakedown.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.shakedown.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.shakedown.api.ApiAuth;
import io.shakedown.support.ExampleImages;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A minimum free space above what the Docker data root has: new runs end ERROR at once naming the disk; health is DOWN. */
@QuarkusTest
@TestProfile(DiskPressureTest.DiskAlmostFull.class)
class DiskPressureTest {

    public static class DiskAlmostFull implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("shakedown.disk.min-free", "900000G", "shakedown.disk.warn-free", "900001G");
        }
    }

    @Test
    void aNewRunEndsErrorNamingTheDiskAndHealthSaysWhy() {
        ExampleImages.ensureBuilt();
        given().spec(ApiAuth.as("disk")).contentType("application/yaml")
                .body("""
                        app: hello-api
                        target: { image: "shakedown-example/hello-api:1.0", port: 8080 }
                        """.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/validations?wait=60").then().statusCode(200)
                .body("status", equalTo("ERROR"))
                .body("summary", allOf(containsString("the Docker data root /var/lib/docker has "), containsString(" free, below shakedown.disk.min-free (878.9 TiB)")));
        given().get(Management.url("/q/health/ready")).then().statusCode(503)
                .body("checks.find { it.name == 'disk' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'disk' }.data.level", equalTo("low"))
                .body("checks.find { it.name == 'disk' }.data.reason", containsString("the Docker data root /var/lib/docker has "))
                .body("checks.name", hasItem("disk"));
        given().get(Management.url("/q/metrics")).then().statusCode(200).body(containsString("shakedown_disk_free_bytes{disk=\"docker-root\"}"));
    }
}
