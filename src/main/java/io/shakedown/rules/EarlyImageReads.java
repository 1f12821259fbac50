package io.shakedown.rules;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The rules' image evidence read in the background from the moment the container runs, while readiness polls: the
 * image config, the config the container was started with, and every folder, file and jar a {@code file} condition of
 * the rule packs reads for its content (a fat jar's entries, config files, sources, the entrypoint binary). The rules
 * stage then finds them read ({@link ImageReads} shares one read between the two threads) and only adds what needs the
 * running app: the log, sockets, processes, HTTP.
 * <p>
 * Not read early: existence-only conditions (a pid file, a log file — what a running app writes itself), which stay the
 * rules stage's, read when it runs as before; and anything when no container evidence exists. The same readers answer
 * either way, so every rule's result is what it would be without this. Bounded: one virtual thread per run, reads in
 * the rule packs' order, only until the rules stage begins ({@link #stop}: it would otherwise read what that stage may
 * not need, beside it); {@link #close} (the rules stage's end, and the run's cleanup on every path) also waits for the
 * read in flight (a read is bounded by {@link ImageReads#MAX_TAR_BYTES}).
 */
public final class EarlyImageReads implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EarlyImageReads.class);
    /** The longest {@link #close} waits for a read in flight (one folder of the image). */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(20);

    private final ImageReads reads;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    private EarlyImageReads(ImageReads reads, Supplier<RuleSet> rules, String runId) {
        this.reads = reads;
        this.thread = Thread.ofVirtual().name("rule-image-reads-" + runId).start(() -> gather(rules));
    }

    /**
     * Starts reading what the file conditions of {@code rules} read from the image of {@code reads}' container (the
     * image's config first: it needs no rule, and the rule packs may still be loading).
     */
    public static EarlyImageReads start(Supplier<RuleSet> rules, ImageReads reads, String runId) {
        return new EarlyImageReads(reads, rules, runId);
    }

    private static Set<Condition.File> fileConditions(RuleSet rules) {
        Set<Condition.File> conditions = new LinkedHashSet<>();
        rules.leaves().forEach(c -> { // detection first: it decides which rules run
            if (c instanceof Condition.File f) conditions.add(f);
        });
        return conditions;
    }

    /** The reads, done or under way, for the rules stage. */
    public ImageReads reads() {
        return reads;
    }

    /** Whether the background thread is still reading (tests: none is left once the run has ended). */
    public boolean running() {
        return thread.isAlive();
    }

    private void gather(Supplier<RuleSet> rules) {
        try {
            reads.image();
            reads.container();
            for (Condition.File f : fileConditions(rules.get())) {
                for (ImageEvidence.FolderRead read : ImageEvidence.folderReads(f, reads)) {
                    if (stopped.get()) return;
                    if (read.firstEntryOnly()) continue;
                    Optional<List<ImageReads.ImageFile>> files = reads.files(read.folder(), false);
                    if (f.inJar() == null || files.isEmpty()) continue;
                    Pattern path = Globs.compile(read.path());
                    for (ImageReads.ImageFile file : files.get()) {
                        if (stopped.get()) return;
                        if (path.matcher(file.path()).matches()) reads.jarEntries(file);
                    }
                }
            }
        } catch (RuntimeException e) {
            // the rules stage meets the same failure through the same read and reports it; nothing more to do here
            LOG.debugf("reading the image for the rules in the background: %s", e);
        }
    }

    /**
     * Starts no further read (the rules stage calls it as it begins: from then on it reads what it needs itself, and
     * awaits a read of the gathering it needs that is in flight), without waiting.
     */
    public void stop() {
        stopped.set(true);
    }

    /** Starts no further read and waits for the one in flight: once this returns, the run's gathering is over. */
    @Override
    public void close() {
        stop();
        try {
            if (!thread.join(IN_FLIGHT_WAIT)) LOG.warnf("%s: a read of the image is still in flight after %d s", thread.getName(), IN_FLIGHT_WAIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
