package io.shakedown.target;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The container log as it streams in: the last {@code capacity} lines, a running count, and the time
 * of the latest line (the diagnosis uses it to tell "still starting" from "stuck").
 */
public final class LogBuffer {
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private long total;
    private long lastLineNanos;
    private volatile Consumer<String> onLine = line -> {};

    public LogBuffer(int capacity) {
        this.capacity = capacity;
    }

    public void onLine(Consumer<String> listener) {
        this.onLine = listener;
    }

    /** Appends a chunk of raw output; complete lines are split off, a trailing partial line waits for more. */
    public void append(String chunk) {
        List<String> complete = new ArrayList<>();
        synchronized (this) {
            partial.append(chunk);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                String line = partial.substring(0, nl);
                partial.delete(0, nl + 1);
                complete.add(stripCr(line));
            }
            complete.forEach(this::add);
        }
        complete.forEach(onLine);
    }

    /** Flushes a trailing line without newline (at container exit). */
    public void flush() {
        String rest;
        synchronized (this) {
            if (partial.isEmpty()) return;
            rest = stripCr(partial.toString());
            partial.setLength(0);
            add(rest);
        }
        onLine.accept(rest);
    }

    private void add(String line) {
        lines.addLast(line);
        if (lines.size() > capacity) lines.removeFirst();
        total++;
        lastLineNanos = System.nanoTime();
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    public synchronized List<String> tail(int n) {
        var all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    public synchronized long total() {
        return total;
    }

    /** Nanos since the last complete line, or -1 when there was none. */
    public synchronized long nanosSinceLastLine() {
        return total == 0 ? -1 : System.nanoTime() - lastLineNanos;
    }

    /** How many retained lines match. */
    public synchronized int count(Pattern pattern) {
        int n = 0;
        for (String line : lines) if (pattern.matcher(line).find()) n++;
        return n;
    }
}
