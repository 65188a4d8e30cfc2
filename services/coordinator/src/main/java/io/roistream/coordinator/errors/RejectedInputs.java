package io.roistream.coordinator.errors;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.events.DeadLetter;
import io.roistream.runtime.kafka.DeadLetterReason;
import io.roistream.schemas.Topic;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns records of {@code topic} that a check refuses into {@link DeadLetter}s for
 * {@code roi.dead-letters} (reason {@link DeadLetterReason#REJECTED}, message
 * {@code REJECTED: <the check's message>}, stage {@value CoordinatorMetrics#STAGE}, key
 * {@code <topic>/<partition>/<offset>}, the workers' dead-letter headers), logging and counting
 * each ({@code roistream_rejected_records_total{topic}}, {@code roistream_dead_letters_total{reason="REJECTED"}}).
 * The key and payload are the record's key and value serialized again with the topic's serdes
 * (the bytes as read are gone once Kafka Streams deserialized them). Placed on the branch of a
 * {@code split} whose predicate is the same check, before anything keys or stores the record.
 *
 * @param <V> the topic's value type
 */
public final class RejectedInputs<V> implements Processor<String, V, String, DeadLetter> {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedInputs.class);

    private final Topic<String, V> topic;
    private final Function<V, Optional<IllegalArgumentException>> check;
    private final CoordinatorMetrics metrics;
    private final Serializer<String> keys;
    private final Serializer<V> values;
    private ProcessorContext<String, DeadLetter> context;

    /**
     * Dead letters for the records of {@code topic} that {@code check} refuses (it gives the reason).
     *
     * @param serdeConfig the serde configuration, for serializing the key and value again
     */
    public RejectedInputs(Topic<String, V> topic, Map<String, ?> serdeConfig,
                          Function<V, Optional<IllegalArgumentException>> check, CoordinatorMetrics metrics) {
        this.topic = topic;
        this.check = check;
        this.metrics = metrics;
        this.keys = topic.keySerde(serdeConfig).serializer();
        this.values = topic.valueSerde(serdeConfig).serializer();
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> processorContext) {
        context = processorContext;
    }

    @Override
    public void process(Record<String, V> record) {
        Optional<IllegalArgumentException> problem = check.apply(record.value());
        if (problem.isEmpty()) {
            // the split's predicate is the same check: this branch never sees an accepted record
            throw new IllegalStateException("a record of " + topic.name() + " the check accepts reached the dead-letter branch");
        }
        Optional<RecordMetadata> metadata = context.recordMetadata();
        String from = metadata.map(RecordMetadata::topic).orElse(topic.name());
        int partition = metadata.map(RecordMetadata::partition).orElse(-1);
        long offset = metadata.map(RecordMetadata::offset).orElse(-1L);
        String where = DeadLetters.coordinates(from, partition, offset);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        DeadLetter letter = DeadLetters.letter(from, partition, offset, keys.serialize(from, record.key()),
                values.serialize(from, record.value()), DeadLetterReason.REJECTED, problem.get(), now);
        LOG.warn("Rejected record {} (key {}), dead-lettered: {}", where, record.key(), problem.get().getMessage());
        metrics.rejected(from);
        metrics.deadLettered(DeadLetterReason.REJECTED.name());
        context.forward(new Record<>(where, letter, now.toEpochMilli(), DeadLetters.headers(DeadLetterReason.REJECTED)));
    }

    @Override
    public void close() {
        keys.close();
        values.close();
    }
}
