package io.roistream.coordinator.errors;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.events.DeadLetter;
import io.roistream.runtime.kafka.DeadLetterReason;
import io.roistream.runtime.retry.ServiceOutages;
import io.roistream.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's {@code deserialization.exception.handler}: a record whose key or value cannot
 * be deserialized (not Avro, unknown schema id, unreadable writer schema...) is logged, counted in
 * {@code roistream_unreadable_records_total{topic}}, skipped, and written to {@code roi.dead-letters}
 * as a {@link DeadLetter} (stage {@value CoordinatorMetrics#STAGE}, reason {@code UNREADABLE}, the
 * raw key and payload, the same headers as the workers' dead letters) inside the task's
 * transaction. A failure because the registry is unavailable ({@link ServiceOutages}) is no fault of
 * the record: the handler fails the stream thread instead, which reads the record again when it is
 * replaced (or the instance stops, health DOWN, after too many failures). Payloads over {@value #INLINE_LIMIT} bytes are left out of the dead letter (its
 * message says so). Records of {@code roi.checkpoints} feed a global store, where Kafka Streams
 * cannot produce dead letters, and records of {@code roi.dead-letters} would feed their own letters
 * back: both are logged, counted and skipped only.
 *
 * <p>Configured from the Streams configuration: the serde keys ({@code schema.registry.url}...)
 * for writing dead letters and, under {@value #METRICS_CONFIG}, the {@link CoordinatorMetrics}
 * instance to count in (optional).
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

    /** Configuration key holding the {@link CoordinatorMetrics} object to count in. */
    public static final String METRICS_CONFIG = "roistream.coordinator.metrics";
    /** Largest raw payload carried inside a dead letter. */
    public static final int INLINE_LIMIT = DeadLetters.INLINE_LIMIT;

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);
    private static final Duration OUTAGE_PAUSE = Duration.ofSeconds(2);

    private Serializer<String> keys;
    private Serializer<DeadLetter> values;
    private CoordinatorMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        keys = Topics.DEAD_LETTERS.keySerde(configs).serializer();
        values = Topics.DEAD_LETTERS.valueSerde(configs).serializer();
        Object configured = configs.get(METRICS_CONFIG);
        metrics = configured instanceof CoordinatorMetrics coordinatorMetrics ? coordinatorMetrics : null;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        String where = DeadLetters.coordinates(record.topic(), record.partition(), record.offset());
        if (ServiceOutages.isServiceOutage(exception)) {
            // the record is fine, the registry is not: fail the stream thread (after a pause, so that the
            // replacements StreamThreadFailures allows span a short outage) and read the record again
            LOG.error("Cannot read {}: the schema registry is unavailable; failing the stream thread to read it"
                    + " again: {}", where, exception.getMessage());
            pause(OUTAGE_PAUSE);
            return Response.fail();
        }
        LOG.warn("Skipping unreadable record {}: {}", where, exception.getMessage());
        if (metrics != null) {
            metrics.unreadable(record.topic());
        }
        if (record.topic().equals(Topics.CHECKPOINTS.name()) || record.topic().equals(Topics.DEAD_LETTERS.name())) {
            // a letter about an unreadable dead letter would feed the coordinator's own dead-letter input
            return Response.resume();
        }
        DeadLetter letter = DeadLetters.letter(record.topic(), record.partition(), record.offset(), record.key(),
                record.value(), DeadLetterReason.UNREADABLE, exception, Instant.now());
        String topic = Topics.DEAD_LETTERS.name();
        ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(topic, null, letter.getFailedAt().toEpochMilli(),
                keys.serialize(topic, where), values.serialize(topic, letter), DeadLetters.headers(DeadLetterReason.UNREADABLE));
        if (metrics != null) {
            metrics.deadLettered(DeadLetterReason.UNREADABLE.name());
        }
        return Response.resume(List.of(deadLetter));
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
