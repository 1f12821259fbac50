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
     * Empty when the connect itself fails some other way or times out.
     */
    static Optional<Boolean> reachesAListener(InetSocketAddress address, Duration connectTimeout, Duration hold) {
        var c = connect(address, connectTimeout, hold);
        return switch (c.seen()) {
            case HELD -> Optional.of(true);
            case CLOSED, REFUSED -> Optional.of(false);
            case FAILED -> Optional.empty();
        };
    }

    private Attempt connectAndHold(RunningTarget target, Duration budget) {
        var base = target.baseUrl();
        var address = address(base);
        var c = connect(address, Duration.ofMillis(Math.max(50, Math.min(2000, budget.toMillis()))), Duration.ofMillis(100));
        String where = base.getHost() + ":" + address.getPort();
        if (c.failure() != null) {
            return new Attempt(false, "connect to " + where + ": " + HttpProbe.describe(c.failure()), null, null, HttpProbe.describe(c.failure()));
        }
        // a server that speaks first, or holds the connection; closing at once is docker-proxy with no backend
        return c.seen() == Seen.HELD ? Attempt.ready("port " + address.getPort() + " accepts connections")
                : Attempt.notYet("connection to " + where + " closed at once");
    }

    private enum Seen { HELD, CLOSED, REFUSED, FAILED }

    /** What one connection saw, and the error behind it when there was one (a refusal, a reset, a timeout). */
    private record Connection(Seen seen, IOException failure) {}

    /** One connection: opened, then held for {@code hold} or read from. No proxy: probes go straight to the target. */
    private static Connection connect(InetSocketAddress address, Duration connectTimeout, Duration hold) {
        try (Socket s = new Socket(Proxy.NO_PROXY)) {
            try {
                s.connect(address, (int) connectTimeout.toMillis());
            } catch (ConnectException refused) {
                return new Connection(Seen.REFUSED, refused);
            }
            s.setSoTimeout((int) Math.max(1, hold.toMillis()));
            try (InputStream in = s.getInputStream()) {
                return new Connection(in.read() >= 0 ? Seen.HELD : Seen.CLOSED, null);
            } catch (SocketTimeoutException held) {
                return new Connection(Seen.HELD, null);
            } catch (IOException reset) {
                return new Connection(Seen.CLOSED, reset);
            }
        } catch (IOException e) {
            return new Connection(Seen.FAILED, e);
        }
    }
}
