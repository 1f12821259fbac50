package io.shakedown.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.shakedown.run.LazyDefaultSsl;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's TLS context is made on the first https request (LazyDefaultSsl), and it is the JVM's default one: a real
 * TLS handshake with an app whose certificate nobody signed fails on the default trust store's "no certification path",
 * as it did when the client was built with the default context — not on a context that was never initialised, and
 * not by trusting everything.
 */
class HttpProbeTlsTest {
    @TempDir
    Path tmp;

    @Test
    void anHttpsAppIsReachedThroughTheJvmsDefaultTlsContext() throws Exception {
        Path keystore = tmp.resolve("app.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "app",
                "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2")).redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, new String(keytool.getInputStream().readAllBytes()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        HttpsServer app = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        app.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        try {
            var probe = new HttpProbe();
            assertEquals(LazyDefaultSsl.INSTANCE, probe.client().sslContext());
            URI url = URI.create("https://localhost:" + app.getAddress().getPort() + "/health");
            IOException e = assertThrows(IOException.class, () -> probe.get(url, Duration.ofSeconds(10)));
            Throwable t = e;
            while (t != null && !(t instanceof SSLHandshakeException)) t = t.getCause();
            assertTrue(t != null, "a TLS handshake happened and failed on trust: " + e);
            assertTrue(String.valueOf(t.getMessage()).contains("certification path"), "the default trust store said no: " + t.getMessage());
        } finally {
            app.stop(0);
        }
    }
}
