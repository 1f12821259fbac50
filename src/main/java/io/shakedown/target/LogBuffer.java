package io.shakedown.target;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The container log as it streams in: the last {@code capacity} lines, a running count, and the time
 * of the latest line (the diagnosis uses it to tell "still starting" from "stuck"). Bounded whatever the app
 * writes: a line keeps its first {@link #MAX_LINE_CHARS} characters, and a line that never ends (an app printing
 * without newlines at full speed) is kept as far as that and the rest dropped until its newline comes.
 */
public final class LogBuffer {
    /** 8 K characters: more than any stack frame or JSON log line a diagnosis reads. */
    public static final int MAX_LINE_CHARS = 8 * 1024;
    static final String CUT = " … (line cut at " + MAX_LINE_CHARS + " characters)";

    private final int capacity;
    /** The current partial line was already kept, cut: what follows up to its newline is dropped. */
    private boolean overlong;
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
                if (overlong) overlong = false; // the end of a line kept (cut) already
                else complete.add(cut(stripCr(partial.substring(0, nl))));
                partial.delete(0, nl + 1);
            }
            if (partial.length() > MAX_LINE_CHARS) {
                if (!overlong) complete.add(partial.substring(0, MAX_LINE_CHARS) + CUT);
                overlong = true;
                partial.setLength(0);
            }
            complete.forEach(this::add);
        }
        complete.forEach(onLine);
    }

    /** Flushes a trailing line without newline (at container exit). */
    public void flush() {
        String rest;
        synchronized (this) {
            boolean tailOfKept = overlong;
            overlong = false;
            if (partial.isEmpty() || tailOfKept) {
                partial.setLength(0);
                return;
            }
            rest = cut(stripCr(partial.toString()));
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

    private static String cut(String line) {
        return line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + CUT : line;
    }

    /** Characters held for the line in progress (bounded by {@link #MAX_LINE_CHARS} plus one chunk). */
    synchronized int partialChars() {
        return partial.length();
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
