package io.shakedown.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.List;

/**
 * The performance section: load scenarios, each with absolute thresholds and regression rules, and
 * the baseline the rules compare with. See docs/spec.md "performance".
 */
public record PerformanceSpec(List<Scenario> scenarios, Baseline baseline) {

    public PerformanceSpec {
        scenarios = List.copyOf(scenarios);
        if (baseline == null) baseline = new History(DEFAULT_HISTORY_RUNS);
    }

    public static final int DEFAULT_HISTORY_RUNS = 5;
    public static final int DEFAULT_AB_PAIRS = 3;

    /**
     * @param samples how many times the load is run (the figures are the median of the samples); in
     *                A/B mode, how many A-B pairs
     */
    public record Scenario(String name, List<WeightedRequest> requests, Load load, Duration warmUp, int samples,
                           boolean samplesGiven, Thresholds thresholds, Regression regression) {
        @JsonCreator
        static Scenario of(@JsonProperty("name") String name, @JsonProperty("requests") List<WeightedRequest> requests,
                           @JsonProperty("load") Load load, @JsonProperty("warmUp") Duration warmUp,
                           @JsonProperty("samples") Integer samples, @JsonProperty("thresholds") Thresholds thresholds,
                           @JsonProperty("regression") Regression regression) {
            return new Scenario(name, List.copyOf(requests), load, warmUp == null ? Duration.ZERO : warmUp,
                    samples == null ? 1 : samples, samples != null,
                    thresholds == null ? new Thresholds(null, null, null, null, null, null, null) : thresholds,
                    regression == null ? new Regression(null, null, null, null, null, null) : regression);
        }
    }

    public record WeightedRequest(CheckSpec.RequestSpec request, int weight) {
        public WeightedRequest {
            if (weight == 0) weight = 1;
        }
    }

    public enum Model { OPEN, CLOSED }

    /** Open model: {@code rate} new requests per second; closed: {@code users} concurrent users. */
    public record Load(Model model, double rate, int users, Duration duration, Duration rampUp) {
        @JsonCreator
        static Load of(@JsonProperty("rate") @JsonDeserialize(using = SpecBinding.PerSecond.class) Double rate,
                       @JsonProperty("users") Integer users, @JsonProperty("duration") Duration duration,
                       @JsonProperty("rampUp") Duration rampUp) {
            return new Load(rate != null ? Model.OPEN : Model.CLOSED, rate == null ? 0 : rate, users == null ? 0 : users,
                    duration, rampUp == null ? Duration.ZERO : rampUp);
        }
    }

    /** Absolute limits; null = not checked. Percentages as numbers (1 = 1 %), throughput in requests/s. */
    public record Thresholds(Duration p50, Duration p95, Duration p99, Duration max, Duration mean,
                             @JsonProperty("errorRate") @JsonDeserialize(using = SpecBinding.Percent.class) Double errorRatePercent,
                             @JsonDeserialize(using = SpecBinding.PerSecond.class) Double minThroughput) {
        public boolean isEmpty() {
            return p50 == null && p95 == null && p99 == null && max == null && mean == null
                    && errorRatePercent == null && minThroughput == null;
        }
    }

    /**
     * Allowed change against the baseline, in percent; null = not checked. Latency limits are allowed
     * increases (+20 = up to 20 % slower), the throughput limit an allowed decrease (15 = down to 85 %).
     */
    public record Regression(@JsonDeserialize(using = SpecBinding.Percent.class) Double p50,
                             @JsonDeserialize(using = SpecBinding.Percent.class) Double p95,
                             @JsonDeserialize(using = SpecBinding.Percent.class) Double p99,
                             @JsonDeserialize(using = SpecBinding.Percent.class) Double mean,
                             @JsonDeserialize(using = SpecBinding.Percent.class) Double max,
                             @JsonProperty("throughput") @JsonDeserialize(using = SpecBinding.Percent.class) Double throughputDrop) {
        public boolean isEmpty() {
            return p50 == null && p95 == null && p99 == null && mean == null && max == null && throughputDrop == null;
        }
    }

    /** What the regression rules compare with. */
    public sealed interface Baseline permits History, Image {}

    /** The pinned run, or else the median of the last {@code runs} passing runs of this app+environment+scenario. */
    public record History(int runs) implements Baseline {}

    /** Side-by-side: this image is started next to the candidate and loaded alternately (A B A B ...). */
    public record Image(String image) implements Baseline {}
}
