package io.shakedown.target;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.shakedown.run.EngineSettings;
import io.shakedown.run.LazyDefaultSsl;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Two clients to one engine: {@code api} for short calls, with a response timeout so a wedged daemon
 * cannot hang a run; {@code streams} without one, for log following, waits and pulls that legitimately
 * stay silent for long.
 */
public final class DockerClients implements AutoCloseable {
    public final DockerClient api;
    public final DockerClient streams;
    public final String host;
    /** Container removals that outlive their run (EngineSettings.backgroundRemoval); close() waits for them. */
    private final ExecutorService removals =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("container-removal-", 0).factory());

    public DockerClients(EngineSettings settings) {
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        settings.dockerHost().filter(h -> !h.isBlank()).ifPresent(builder::withDockerHost);
        settings.registryUsername().ifPresent(builder::withRegistryUsername);
        settings.registryPassword().ifPresent(builder::withRegistryPassword);
        var config = builder.build();
        this.host = config.getDockerHost().toString();
        var shared = new SharedMapper(config);
        this.api = DockerClientImpl.getInstance(shared, http(config, Duration.ofSeconds(30)));
        this.streams = DockerClientImpl.getInstance(shared, http(config, null));
    }

    /**
     * The JSON mapper of every Docker client in this JVM. docker-java gives each client a copy of its default mapper,
     * and a copy starts with empty caches: each client paid Jackson's introspection of the same model classes again
     * (InspectContainerResponse alone: ~25 ms of a fresh JVM); the api and streams clients now share what each learns.
     */
    private static final ObjectMapper MAPPER = DockerClientConfig.getDefaultObjectMapper();

    /** A client's config with the JVM's one mapper; everything else is {@code config}'s. */
    record SharedMapper(DockerClientConfig config) implements DockerClientConfig {
        @Override
        public ObjectMapper getObjectMapper() {
            return MAPPER;
        }

        @Override
        public URI getDockerHost() {
            return config.getDockerHost();
        }

        @Override
        public RemoteApiVersion getApiVersion() {
            return config.getApiVersion();
        }

        @Override
        public String getRegistryUsername() {
            return config.getRegistryUsername();
        }

        @Override
        public String getRegistryPassword() {
            return config.getRegistryPassword();
        }

        @Override
        public String getRegistryEmail() {
            return config.getRegistryEmail();
        }

        @Override
        public String getRegistryUrl() {
            return config.getRegistryUrl();
        }

        @Override
        public AuthConfig effectiveAuthConfig(String imageName) {
            return config.effectiveAuthConfig(imageName);
        }

        @Override
        public AuthConfigurations getAuthConfigurations() {
            return config.getAuthConfigurations();
        }

        @Override
        public SSLConfig getSSLConfig() {
            return config.getSSLConfig();
        }
    }

    /** Docker calls that failed (no answer, or a 5xx from the engine) in this process, for the service's metrics. */
    private static final LongAdder CALL_ERRORS = new LongAdder();

    public static long callErrors() {
        return CALL_ERRORS.sum();
    }

    private static DockerHttpClient http(DefaultDockerClientConfig config, Duration responseTimeout) {
        var b = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(sslConfig(config))
                .maxConnections(50)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) b.responseTimeout(responseTimeout);
        return new ErrorCounting(new Uncompressed(b.build()));
    }

    /**
     * Asks the engine for uncompressed answers. The Apache client asks for gzip by default, and the engine then gzips a
     * {@code docker cp} archive on the fly: reading a Spring Boot image's 56 MB {@code /app} for the rules cost dockerd
     * ~1.2 s of CPU instead of ~0.1 s (a jar does not shrink: 10 %), on the same cores PostgreSQL's first start ran on,
     * and the JVM then inflated it again. Over a local socket nothing is gained by compressing.
     */
    record Uncompressed(DockerHttpClient delegate) implements DockerHttpClient {
        static final String ACCEPT_ENCODING = "Accept-Encoding";

        @Override
        public Response execute(Request request) {
            if (request.headers().containsKey(ACCEPT_ENCODING)) return delegate.execute(request);
            return delegate.execute(Request.builder().from(request).putHeader(ACCEPT_ENCODING, "identity").build());
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /**
     * The configured TLS settings; without any, for a Unix socket or named pipe, a default context made only if a
     * connection ever used it: left null, docker-java's client loads the JVM's trust store when it is built (50-200 ms
     * of a one-shot run, before its first Docker call) for a socket that never speaks TLS. Not for {@code tcp://}: there
     * a context switches the client to https.
     */
    static SSLConfig sslConfig(DefaultDockerClientConfig config) {
        if (config.getSSLConfig() != null) return config.getSSLConfig();
        String scheme = config.getDockerHost().getScheme();
        return "unix".equals(scheme) || "npipe".equals(scheme) ? () -> LazyDefaultSsl.INSTANCE : null;
    }

    /** Counts failed calls; a 4xx (no such image, container already gone) is an answer, not an error. */
    private record ErrorCounting(DockerHttpClient delegate) implements DockerHttpClient {
        @Override
        public Response execute(Request request) {
            try {
                Response response = delegate.execute(request);
                if (response.getStatusCode() >= 500) CALL_ERRORS.increment();
                return response;
            } catch (RuntimeException e) {
                CALL_ERRORS.increment();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }

    /** Throws a TargetException that says what to do when no engine answers. */
    public void ping() {
        try {
            api.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new TargetException("no Docker engine answers at " + host + " (" + rootMessage(e)
                    + "); start dockerd or point DOCKER_HOST at a running engine", e);
        }
    }

    /**
     * The read-only questions a run asks the engine first (ping, version, its containers, an image that is not there),
     * for the one-shot command's AOT training run, so the cache holds the Docker client's path. Never throws.
     */
    public static void askForTraining(EngineSettings settings) {
        try (var docker = new DockerClients(settings)) {
            docker.api.pingCmd().exec();
            docker.api.versionCmd().exec();
            docker.api.listContainersCmd().withLabelFilter(Map.of(Labels.INSTALLATION, settings.installationId())).exec();
            try {
                docker.api.inspectImageCmd("shakedown-aot-training/absent:0").exec();
            } catch (RuntimeException expected) {
                // not found: the path a run takes before it pulls
            }
        } catch (RuntimeException noEngine) {
            // no engine here: the cache holds less of the Docker client, nothing else changes
        }
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.strip();
    }

    /** Runs {@code removal} after the caller has moved on; a failure is logged by it and redone by the reaper. */
    public void inBackground(Runnable removal) {
        try {
            removals.execute(removal);
        } catch (RejectedExecutionException e) {
            removal.run(); // closing: do it now
        }
    }

    /** How many times a removal is tried before it is left to the reaper. */
    static final int REMOVE_ATTEMPTS = 3;

    /**
     * Runs {@code removal} until it succeeds, finds the thing already gone, or has failed {@link #REMOVE_ATTEMPTS}
     * times; returns the last failure, or null. Docker's overlay2 driver sometimes cannot unmount a root filesystem
     * something still reads at that moment (a run cancelled while the rules read its image: "failed to remove root
     * filesystem … directory not empty"); the container is then left "dead", and removing it again works.
     */
    static RuntimeException removeRetrying(Runnable removal, LongConsumer pause) {
        for (int attempt = 1; ; attempt++) {
            try {
                removal.run();
                return null;
            } catch (NotFoundException gone) {
                return null;
            } catch (RuntimeException e) {
                if (attempt >= REMOVE_ATTEMPTS) return e;
                pause.accept(200L * attempt);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        removals.shutdown();
        try {
            removals.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            api.close();
            streams.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }
}
