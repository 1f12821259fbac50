package io.shakedown.support;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PushResponseItem;
import io.shakedown.target.DockerClients;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's docker-registry on 127.0.0.1 (a free port, storage in a temp folder): a real registry the engine pulls
 * from (loopback registries are "insecure" by default, so plain HTTP works). {@link #push} puts a local image there
 * under a new tag and removes the local tag, so the next run has to pull it.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static LocalRegistry start() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("registry");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                storage: { filesystem: { rootdirectory: %s } }
                http: { addr: "127.0.0.1:%d" }
                """.formatted(dir.resolve("data"), port));
        var process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                var c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                if (c.getResponseCode() == 200) break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IllegalStateException("registry did not start", e);
                }
            }
            Thread.sleep(100);
        }
        return new LocalRegistry(process, port);
    }

    /** {@code 127.0.0.1:<port>/<name>}. */
    public String repository(String name) {
        return "127.0.0.1:" + port + "/" + name;
    }

    /** Pushes {@code localImage} as {@code repository:tag}; the local tag is removed again unless {@code keepLocal}. */
    public String push(DockerClients docker, String localImage, String repository, String tag, boolean keepLocal) throws InterruptedException {
        docker.api.tagImageCmd(localImage, repository, tag).exec();
        docker.streams.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>())
                .awaitCompletion(60, TimeUnit.SECONDS);
        if (!keepLocal) docker.api.removeImageCmd(repository + ":" + tag).exec(); // only the tag goes
        return repository + ":" + tag;
    }

    public static boolean isPresent(DockerClients docker, String image) {
        try {
            docker.api.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Removes the tag if it is still there (test clean-up). */
    public static void untag(DockerClients docker, String image) {
        try {
            docker.api.removeImageCmd(image).exec();
        } catch (NotFoundException ignored) {
            // already gone: what the test wanted anyway
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
