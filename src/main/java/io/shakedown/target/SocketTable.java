package io.shakedown.target;

import io.shakedown.report.Report.Socket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Listening TCP sockets parsed from the kernel's {@code /proc/net/tcp} and {@code /proc/net/tcp6} tables
 * of a network namespace. Needs nothing inside the container, which is why shell-less images can be
 * diagnosed too.
 */
public final class SocketTable {
    private static final String LISTEN = "0A";
    /**
     * Docker's embedded DNS server: on a user-defined network (a run with services) it listens on this address, on a
     * random port, inside every container's namespace. It is Docker's, not the app's, so it is left out.
     */
    static final String DOCKER_EMBEDDED_DNS = "127.0.0.11";

    private SocketTable() {}

    /** The listening sockets and a note of where they were read ("/proc/4242/net/tcp on the host"). */
    public record Reading(List<Socket> listening, String source) {

        public List<Socket> onPort(int port) {
            return listening.stream().filter(s -> s.port() == port).toList();
        }

        /** True when something listens on the port on an address other containers/hosts can reach. */
        public boolean reachableOn(int port) {
            return onPort(port).stream().anyMatch(s -> !isLoopback(s.address()));
        }
    }

    /** Parses the concatenated text of tcp and tcp6 tables (header lines are skipped). */
    public static List<Socket> parseListening(String tables) {
        var found = new LinkedHashSet<Socket>();
        for (String raw : tables.split("\n")) {
            String[] f = raw.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !LISTEN.equals(f[3])) continue;
            int colon = f[1].indexOf(':');
            if (colon < 0) continue;
            String hexAddr = f[1].substring(0, colon);
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            String address = decodeAddress(hexAddr);
            if (address != null && !address.equals(DOCKER_EMBEDDED_DNS)) found.add(new Socket(hexAddr.length() == 8 ? "tcp" : "tcp6", address, port));
        }
        return new ArrayList<>(found);
    }

    /** The kernel prints addresses as 32-bit words in host (little-endian) order. */
    static String decodeAddress(String hex) {
        if (hex.length() != 8 && hex.length() != 32) return null;
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] addr = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) addr[word + i] = raw[word + 3 - i];
        }
        try {
            return InetAddress.getByAddress(addr).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public static boolean isLoopback(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            if (a.isLoopbackAddress()) return true;
            // ::ffff:127.0.0.1 is an IPv4 loopback mapped into IPv6; Java turns it into Inet4Address already,
            // but keep the textual check for safety.
            return address.startsWith("::ffff:127.");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static boolean isWildcard(String address) {
        return "0.0.0.0".equals(address) || "0:0:0:0:0:0:0:0".equals(address) || "::".equals(address);
    }
}
