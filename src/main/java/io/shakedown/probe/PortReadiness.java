package io.shakedown.probe;

import io.shakedown.target.RunningTarget;
import io.shakedown.target.SocketTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ready when the declared port really serves. A TCP connect through the published port is NOT enough:
 * docker-proxy accepts it even when the app listens only on 127.0.0.1 inside the container, then resets
 * it. So for a container the socket table decides (a LISTEN on the port on a non-loopback address);
 * when no table can be read, the connection must stay open for a moment instead of being reset.
 */
public final class PortReadiness implements ReadinessProbe {

    @Override
    public String describe() {
        return "port";
    }

    @Override
    public Attempt attempt(RunningTarget target, Duration budget) {
        int port = target.declaredPort();
        var reading = target.listeningSockets();
        if (reading.isPresent()) {
            SocketTable.Reading r = reading.get();
            String where = r.onPort(port).stream().map(Object::toString).collect(Collectors.joining(", "));
            if (r.reachableOn(port)) return Attempt.ready("port " + port + " listens on " + where);
            return Attempt.notYet(where.isEmpty() ? "nothing listens on port " + port : "port " + port + " listens only on " + where);
        }
        return connectAndHold(target, budget);
    }

    /** The published port's socket address, resolved once (a readiness wait asks {@link #reachesAListener} every poll). */
    static InetSocketAddress address(URI base) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        return new InetSocketAddress(base.getHost(), port);
    }

    /**
     * Whether a connection to {@code address} reaches a listener: accepted and held open for {@code hold} (or spoken
     * on), rather than closed at once — what docker-proxy does when nothing listens in the container (~0.25 ms here).
     * Empty when the connect itself fails some other way or times out. No proxy: this is the engine's own loopback.
     */
    static Optional<Boolean> reachesAListener(InetSocketAddress address, Duration connectTimeout, Duration hold) {
        try (Socket s = new Socket(Proxy.NO_PROXY)) {
            try {
                s.connect(address, (int) connectTimeout.toMillis());
            } catch (ConnectException refused) {
                return Optional.of(false);
            } catch (IOException other) {
                return Optional.empty();
            }
            s.setSoTimeout((int) Math.max(1, hold.toMillis()));
            try {
                return Optional.of(s.getInputStream().read() >= 0);
            } catch (SocketTimeoutException held) {
                return Optional.of(true);
            } catch (IOException reset) {
                return Optional.of(false);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Attempt connectAndHold(RunningTarget target, Duration budget) {
        var base = target.baseUrl();
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(base.getHost(), port), (int) Math.max(50, Math.min(2000, budget.toMillis())));
            s.setSoTimeout(100);
            try (InputStream in = s.getInputStream()) {
                int b = in.read();
                // A server that speaks first (or closes at once) — closing at once is docker-proxy with no backend.
                return b < 0 ? Attempt.notYet("connection to " + base.getHost() + ":" + port + " closed at once")
                        : Attempt.ready("port " + port + " accepts connections");
            } catch (SocketTimeoutException held) {
                return Attempt.ready("port " + port + " accepts connections");
            }
        } catch (IOException e) {
            return new Attempt(false, "connect to " + base.getHost() + ":" + port + ": " + HttpProbe.describe(e), null, null, HttpProbe.describe(e));
        }
    }
}
