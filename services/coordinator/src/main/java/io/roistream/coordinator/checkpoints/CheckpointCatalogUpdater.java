package io.roistream.coordinator.checkpoints;

import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import java.util.Comparator;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link CheckpointCatalog} up to date from {@code roi.checkpoints} (key: version). A
 * tombstone (null value) deletes its version; a checkpoint republished FAILED, or deleted, while it
 * is its backbone's latest READY one hands that place to the next latest READY checkpoint.
 */
final class CheckpointCatalogUpdater implements Processor<String, Checkpoint, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCatalogUpdater.class);
    /** Later {@code createdAt} first, then the greater version: which READY checkpoint is the latest. */
    static final Comparator<Checkpoint> RECENCY = Comparator.comparing(Checkpoint::getCreatedAt)
            .thenComparing(Checkpoint::getVersion);

    private KeyValueStore<String, Checkpoint> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(CheckpointCatalog.STORE);
    }

    @Override
    public void process(Record<String, Checkpoint> record) {
        Checkpoint checkpoint = record.value();
        if (checkpoint == null) {
            if (record.key() != null) {
                retract(record.key());
            }
            return;
        }
        String backboneId = checkpoint.getBackboneId();
        Checkpoint previous = store.get(CheckpointCatalog.versionKey(checkpoint.getVersion()));
        store.put(CheckpointCatalog.versionKey(checkpoint.getVersion()), checkpoint);
        store.put(CheckpointCatalog.triggerKey(checkpoint.getTriggerId()), checkpoint);
        if (previous != null && !previous.getBackboneId().equals(backboneId)) {
            recomputeReady(previous.getBackboneId());
        }
        Checkpoint ready = store.get(CheckpointCatalog.readyKey(backboneId));
        boolean wasReady = ready != null && ready.getVersion().equals(checkpoint.getVersion());
        if (checkpoint.getStatus() == CheckpointStatus.READY) {
            if (ready == null || wasReady || RECENCY.compare(checkpoint, ready) > 0) {
                store.put(CheckpointCatalog.readyKey(backboneId), checkpoint);
            }
        } else if (wasReady) {
            LOG.warn("Checkpoint {} of {} was republished {}: routing falls back to the previous READY one",
                    checkpoint.getVersion(), backboneId, checkpoint.getStatus());
            recomputeReady(backboneId);
        }
    }

    private void retract(String version) {
        Checkpoint gone = store.delete(CheckpointCatalog.versionKey(version));
        if (gone == null) {
            return;
        }
        Checkpoint answer = store.get(CheckpointCatalog.triggerKey(gone.getTriggerId()));
        if (answer != null && answer.getVersion().equals(version)) {
            store.delete(CheckpointCatalog.triggerKey(gone.getTriggerId()));
        }
        Checkpoint ready = store.get(CheckpointCatalog.readyKey(gone.getBackboneId()));
        if (ready != null && ready.getVersion().equals(version)) {
            LOG.warn("Checkpoint {} of {} was deleted: routing falls back to the previous READY one", version,
                    gone.getBackboneId());
            recomputeReady(gone.getBackboneId());
        }
    }

    private void recomputeReady(String backboneId) {
        Optional<Checkpoint> latest = Optional.empty();
        try (KeyValueIterator<String, Checkpoint> all =
                     store.prefixScan(CheckpointCatalog.VERSION_PREFIX, new StringSerializer())) {
            while (all.hasNext()) {
                KeyValue<String, Checkpoint> entry = all.next();
                Checkpoint candidate = entry.value;
                if (candidate.getBackboneId().equals(backboneId) && candidate.getStatus() == CheckpointStatus.READY
                        && latest.map(best -> RECENCY.compare(candidate, best) > 0).orElse(true)) {
                    latest = Optional.of(candidate);
                }
            }
        }
        if (latest.isPresent()) {
            store.put(CheckpointCatalog.readyKey(backboneId), latest.get());
        } else {
            store.delete(CheckpointCatalog.readyKey(backboneId));
        }
    }
}
