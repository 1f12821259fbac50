package io.shakedown.monitor;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.Map;

/** A real SMTP server (GreenMail) in the test JVM on a free port; quarkus.mailer points at it. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {
    static volatile GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return Map.of("quarkus.mailer.port", String.valueOf(port), "quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.mock", "false");
    }

    @Override
    public void stop() {
        if (greenMail != null) greenMail.stop();
    }
}
