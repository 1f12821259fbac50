package io.shakedown.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Which of a run's screenshots a monitor's page shows: what went wrong first, else what a person saw first. */
final class LastScreenshot {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LastScreenshot() {}

    /** From a stored report's {@code browser} section (JSON text). */
    static Optional<MonitorViews.Screenshot> of(UUID runId, String runStatus, Instant finishedAt, String browserJson) {
        JsonNode browser;
        try {
            browser = browserJson == null ? null : MAPPER.readTree(browserJson);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (browser == null) return Optional.empty();
        JsonNode failingPage = null, firstPage = null, failingFlow = null;
        for (JsonNode page : browser.path("pages")) {
            if (!page.path("screenshot").isTextual()) continue;
            if (firstPage == null) firstPage = page;
            if (failingPage == null && !"PASSED".equals(page.path("status").asText())) failingPage = page;
        }
        for (JsonNode flow : browser.path("flows")) {
            if (failingFlow == null && flow.path("screenshot").isTextual()) failingFlow = flow;
        }
        JsonNode page = failingPage != null ? failingPage : firstPage;
        if (page != null) {
            return Optional.of(new MonitorViews.Screenshot(runId, runStatus, finishedAt, "page " + page.path("path").asText(),
                    page.path("status").asText(), page.path("screenshot").asText()));
        }
        if (failingFlow != null) {
            return Optional.of(new MonitorViews.Screenshot(runId, runStatus, finishedAt, "flow " + failingFlow.path("name").asText(),
                    failingFlow.path("status").asText(), failingFlow.path("screenshot").asText()));
        }
        return Optional.empty();
    }
}
