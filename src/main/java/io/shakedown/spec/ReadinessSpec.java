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

    /** The image's own HEALTHCHECK reports healthy. */
    public record Healthcheck() implements Strategy {}
}
