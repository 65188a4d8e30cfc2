package io.roistream.inference;

import io.roistream.events.Checkpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checkpoint versions this worker knows, as {@code roi.checkpoints} last described them
 * (filled by {@link CheckpointCatalogReader}): version to its {@link Checkpoint} event (artifact
 * URI, sha256, status). Thread-safe; {@link #await} lets a task pinned to a version the topic has
 * not delivered yet wait a bounded time for it.
 */
public final class CheckpointCatalog {

    private final Map<String, Checkpoint> versions = new HashMap<>();

    /** Records (or replaces) the event of {@code checkpoint.version}, waking the waiters. */
    public synchronized void record(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        versions.put(checkpoint.getVersion(), checkpoint);
        notifyAll();
    }

    /** Forgets {@code version} (a tombstone on the compacted topic). */
    public synchronized void forget(String version) {
        versions.remove(version);
    }

    /** The event of {@code version}, if known now. */
    public synchronized Optional<Checkpoint> find(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /**
     * The event of {@code version}, waiting up to {@code patience} for it to be recorded; empty
     * when it is still unknown then.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized Optional<Checkpoint> await(String version, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Checkpoint found = versions.get(version);
        while (found == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
            found = versions.get(version);
        }
        return Optional.of(found);
    }

    /** How many versions are known. */
    public synchronized int size() {
        return versions.size();
    }

    /** The known versions, for log lines. */
    @Override
    public synchronized String toString() {
        return "CheckpointCatalog" + versions.keySet();
    }
}
