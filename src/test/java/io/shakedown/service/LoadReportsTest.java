package io.shakedown.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.shakedown.api.ApiAuth;
import io.shakedown.store.LoadReportStore;
import io.shakedown.store.RunStore;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A run's Gatling output is stored compressed in PostgreSQL and its local folder removed: the report is then served
 * from the database — as a replica that never had the folder, or one restarted since, would serve it.
 */
@QuarkusTest
class LoadReportsTest {

    @Inject LoadReports loadReports;
    @Inject LoadReportStore store;
    @Inject RunStore runs;

    @Test
    void aStoredLoadReportIsServedWithoutTheLocalFolder() throws Exception {
        ApiAuth.ensureProject("loadreports", null);
        UUID run = runs.createQueued("loadreports", "ci", "http://127.0.0.1:9", "app: loadreports", "yaml", "loadreports").id;
        var folder = Files.createDirectories(loadReports.folderOf(run).resolve("browse-20261206"));
        Files.writeString(folder.resolve("index.html"), "<html>global report of browse</html>");
        Files.createDirectories(folder.resolve("js"));
        Files.writeString(folder.resolve("js/stats.js"), "var stats = {};".repeat(1000));

        loadReports.keep(run);

        assertFalse(Files.exists(loadReports.folderOf(run)), "the local folder goes once the database has it");
        assertTrue(store.has(run));
        given().spec(ApiAuth.as("loadreports")).get("/api/v1/validations/" + run + "/performance/browse-20261206/index.html")
                .then().statusCode(200).contentType(containsString("text/html")).body(equalTo("<html>global report of browse</html>"));
        given().spec(ApiAuth.as("loadreports")).get("/api/v1/validations/" + run + "/performance/browse-20261206/js/stats.js")
                .then().statusCode(200).contentType(containsString("javascript"));
        given().spec(ApiAuth.as("loadreports")).get("/api/v1/validations/" + run + "/performance/browse-20261206/nope.html")
                .then().statusCode(404);
        given().spec(ApiAuth.as("other-project")).get("/api/v1/validations/" + run + "/performance/browse-20261206/index.html")
                .then().statusCode(404);

        loadReports.forget(java.util.List.of(run)); // retention
        assertFalse(store.has(run));
        given().spec(ApiAuth.as("loadreports")).get("/api/v1/validations/" + run + "/performance/browse-20261206/index.html")
                .then().statusCode(404);
    }
}
