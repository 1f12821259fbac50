package io.shakedown.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** How Shakedown knows the app is ready: every listed strategy must succeed (all-of). */
public record ReadinessSpec(List<Strategy> strategies) {

    /** One readiness strategy. */
    public sealed interface Strategy permits Http, Log, Port, Healthcheck {}

    /** An HTTP GET answers with a matching status. */
    public record Http(String path, StatusMatcher status, @JsonProperty("timeout") Duration requestTimeout) implements Strategy {
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

        public Http {
            if (status == null) status = StatusMatcher.ANY_2XX;
            if (requestTimeout == null) requestTimeout = DEFAULT_TIMEOUT;
        }
    }

    /** A line of the container log matches, at least {@code times} times. */
    public record Log(Pattern pattern, int times) implements Strategy {
        public Log {
            if (times == 0) times = 1;
        }
    }

    /** The declared port accepts connections (and, for a container, listens on a non-loopback address). */
    public record Port() implements Strategy {}

    /**
     * The container's health check reports healthy: the image's own HEALTHCHECK ({@code test} null), or {@code test}
     * (Docker's form: CMD or CMD-SHELL first), which Docker runs inside the container every {@code interval}, as
     * Compose's {@code healthcheck.test} does.
     */
    public record Healthcheck(List<String> test, Duration interval) implements Strategy {
        public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

        public Healthcheck {
            test = test == null ? null : List.copyOf(test);
            if (test != null && interval == null) interval = DEFAULT_INTERVAL;
        }

        /** The image's own HEALTHCHECK. */
        public Healthcheck() {
            this(null, null);
        }

        /** A shell command line as Docker's test: {@code [CMD-SHELL, line]}; a list is kept as it is. */
        public static List<String> test(com.fasterxml.jackson.databind.JsonNode test) {
            if (test.isTextual()) return List.of("CMD-SHELL", test.asText());
            var out = new java.util.ArrayList<String>();
            test.forEach(t -> out.add(t.asText()));
            return out;
        }
    }
}
