package io.shakedown.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The images this installation pulled itself — the only ones {@link ImageHygiene} may remove. A label cannot be put
 * on a pulled image, so the fact is recorded here when the pull happens: in PostgreSQL for the service (shared by
 * its replicas, kept across restarts; {@code store.PgPulledImages}), in memory for the one-shot command.
 */
public interface PulledImages {

    /** {@code image} (as the spec names it) was absent and has just been pulled; makes it the newest of its repository. */
    void recordPull(String image, String repository);

    boolean contains(String image);

    /** A run used it: it becomes the most recent of its repository (keep-N keeps the most recently used). */
    void touch(String image);

    /** The recorded images of {@code repository}, most recently used first. */
    List<String> ofRepository(String repository);

    /** Every repository with at least one recorded image. */
    Set<String> repositories();

    /** The image was removed (or is gone): no longer ours to look after. */
    void forget(String image);

    /** The one-shot command's ledger: this process pulled it. */
    static PulledImages inMemory() {
        return new InMemory();
    }

    final class InMemory implements PulledImages {
        private record Entry(String repository, long usedAt) {}

        private final Map<String, Entry> images = new ConcurrentHashMap<>();
        /** A sequence, not the clock: two uses in the same millisecond still have an order. */
        private final AtomicLong clock = new AtomicLong();

        @Override
        public void recordPull(String image, String repository) {
            images.put(image, new Entry(repository, clock.incrementAndGet()));
        }

        @Override
        public boolean contains(String image) {
            return images.containsKey(image);
        }

        @Override
        public void touch(String image) {
            images.computeIfPresent(image, (k, e) -> new Entry(e.repository(), clock.incrementAndGet()));
        }

        @Override
        public List<String> ofRepository(String repository) {
            var list = new ArrayList<Map.Entry<String, Entry>>();
            images.entrySet().stream().filter(e -> e.getValue().repository().equals(repository)).forEach(list::add);
            list.sort((a, b) -> Long.compare(b.getValue().usedAt(), a.getValue().usedAt()));
            return list.stream().map(Map.Entry::getKey).toList();
        }

        @Override
        public Set<String> repositories() {
            var out = new TreeSet<String>();
            images.values().forEach(e -> out.add(e.repository()));
            return out;
        }

        @Override
        public void forget(String image) {
            images.remove(image);
        }
    }
}
