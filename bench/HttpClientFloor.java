import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of a load generator on the JVM, for bench/perf-fidelity.sh (FLOOR=1): C keep-alive HTTP/1.1 connections,
 * each a platform thread sending GET path and reading the answer (Content-Length bodies), closed model like the perf
 * stage's users, a 2 s warm-up then SECONDS measured. Prints throughput, p50/p99 (10 us buckets) and this JVM's CPU
 * seconds in the measured window. Not a product path and not a test: it shows what a JVM client without Gatling's
 * per-request machinery (actions, session, stats messages, simulation.log) costs per request on the same target.
 * usage: java HttpClientFloor.java PORT PATH CONNECTIONS SECONDS
 */
public class HttpClientFloor {
    static final int BUCKETS = 10_000; // 10 us each: up to 100 ms

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int connections = Integer.parseInt(args[2]);
        long measureMs = Long.parseLong(args[3]) * 1000;
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: shakedown-floor\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long from = System.currentTimeMillis() + 2_000, to = from + measureMs;
        long[][] histograms = new long[connections][BUCKETS];
        AtomicLong errors = new AtomicLong();
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            long[] histogram = histograms[c];
            threads[c] = Thread.ofPlatform().start(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 65_536);
                    for (long now; (now = System.currentTimeMillis()) < to; ) {
                        long start = System.nanoTime();
                        out.write(request);
                        int status = readAnswer(in);
                        long micros = (System.nanoTime() - start) / 1_000;
                        if (now < from) continue;
                        histogram[(int) Math.min(micros / 10, BUCKETS - 1)]++;
                        if (status >= 400) errors.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        while (System.currentTimeMillis() < from) Thread.sleep(2);
        long cpuFrom = os.getProcessCpuTime();
        while (System.currentTimeMillis() < to) Thread.sleep(2);
        long cpuTo = os.getProcessCpuTime();
        for (Thread t : threads) t.join();
        long[] all = new long[BUCKETS];
        long count = 0;
        for (long[] h : histograms) for (int i = 0; i < BUCKETS; i++) { all[i] += h[i]; count += h[i]; }
        System.out.printf("floor: %.1f req/s  p50 %.2f ms  p99 %.2f ms  %d requests  %d errors  cpu-seconds: %.3f%n",
                count * 1000.0 / measureMs, percentile(all, count, 0.50), percentile(all, count, 0.99), count, errors.get(),
                (cpuTo - cpuFrom) / 1e9);
    }

    /** Reads one answer's status line, headers and Content-Length body; returns the status. */
    static int readAnswer(InputStream in) throws IOException {
        var line = new StringBuilder();
        int status = -1, length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("the target closed the connection");
            if (b != '\n') { line.append((char) b); continue; }
            String l = line.toString().trim();
            line.setLength(0);
            if (l.isEmpty()) break;
            if (status < 0) status = Integer.parseInt(l.split(" ")[1]);
            else if (l.regionMatches(true, 0, "content-length:", 0, 15)) length = Integer.parseInt(l.substring(15).trim());
            else if (l.regionMatches(true, 0, "transfer-encoding:", 0, 18)) throw new IOException("only Content-Length answers: " + l);
        }
        in.skipNBytes(length);
        return status;
    }

    static double percentile(long[] histogram, long count, double p) {
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= Math.ceil(count * p)) return (i + 1) * 0.01;
        }
        return Double.NaN;
    }
}
