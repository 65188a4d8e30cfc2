package io.roistream.coordinator.checkpoints;

import io.roistream.events.Checkpoint;
import io.roistream.schemas.Topics;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The catalogue of checkpoints every coordinator task can read: a global store fed by
 * {@code roi.checkpoints}. That topic is keyed by checkpoint version, but routing asks for the
 * latest READY checkpoint of a backbone and training asks which checkpoint answered a trigger, so
 * the store is not a plain copy of the topic (a {@code GlobalKTable}): {@link CheckpointCatalogUpdater}
 * keeps three kinds of entries, each a {@link Checkpoint}:
 * <ul>
 *   <li>{@code version|<version>}: every checkpoint, as last published;</li>
 *   <li>{@code ready|<backboneId>}: the latest READY checkpoint of the backbone (by {@code createdAt},
 *       then version), recomputed when that checkpoint is republished FAILED or deleted;</li>
 *   <li>{@code trigger|<triggerId>}: the latest checkpoint (READY or FAILED) answering the trigger.</li>
 * </ul>
 * The store is in memory and rebuilt from the compacted topic on start (Kafka Streams replays the
 * topic through the same processor), so it needs no changelog of its own.
 */
public final class CheckpointCatalog {

    /** The name of the global store. */
    public static final String STORE = "checkpoint-catalog";
    /** The name of the processor keeping the catalogue (its source is {@code catalogue-checkpoints-source}). */
    public static final String PROCESSOR = "catalogue-checkpoints";

    static final String VERSION_PREFIX = "version|";
    static final String READY_PREFIX = "ready|";
    static final String TRIGGER_PREFIX = "trigger|";

    private final ReadOnlyKeyValueStore<String, Checkpoint> store;

    /** A view of the catalogue held in {@code store}. */
    public CheckpointCatalog(ReadOnlyKeyValueStore<String, Checkpoint> store) {
        this.store = store;
    }

    /** The catalogue as a processor of {@code context}'s topology sees it. */
    public static CheckpointCatalog of(ProcessorContext<?, ?> context) {
        return new CheckpointCatalog(context.getStateStore(STORE));
    }

    /** Adds the catalogue, fed by {@code roi.checkpoints}, to {@code builder}. */
    public static void addTo(StreamsBuilder builder, Map<String, ?> serdeConfig) {
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
                        Topics.CHECKPOINTS.valueSerde(serdeConfig)).withLoggingDisabled(),
                Topics.CHECKPOINTS.name(),
                Topics.CHECKPOINTS.consumed(serdeConfig).withName(PROCESSOR),
                CheckpointCatalogUpdater::new);
    }

    /** The latest READY checkpoint of {@code backboneId}, if any. */
    public Optional<Checkpoint> latestReady(String backboneId) {
        return Optional.ofNullable(store.get(readyKey(backboneId)));
    }

    /**
     * The highest number n such that a checkpoint answers trigger {@code <triggerIdPrefix><n>} (n
     * digits only); 0 for none.
     */
    public long lastAnsweredTriggerNumber(String triggerIdPrefix) {
        String prefix = TRIGGER_PREFIX + triggerIdPrefix;
        long highest = 0;
        try (KeyValueIterator<String, Checkpoint> answered = store.prefixScan(prefix, new StringSerializer())) {
            while (answered.hasNext()) {
                String number = answered.next().key.substring(prefix.length());
                if (!number.isEmpty() && number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    highest = Math.max(highest, Long.parseLong(number));
                }
            }
        }
        return highest;
    }

    /** The latest checkpoint (READY or FAILED) published for {@code triggerId}, if any. */
    public Optional<Checkpoint> answering(String triggerId) {
        return Optional.ofNullable(store.get(triggerKey(triggerId)));
    }

    static String versionKey(String version) {
        return VERSION_PREFIX + version;
    }

    static String readyKey(String backboneId) {
        return READY_PREFIX + backboneId;
    }

    static String triggerKey(String triggerId) {
        return TRIGGER_PREFIX + triggerId;
    }
}
