package io.roistream.runtime.kafka;

import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.retry.RetryPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How a {@link ProcessingLoop} runs.
 *
 * @param stage the stage name written in dead letters and metrics, e.g. {@code labeler}
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId the consumer group of the stage's instances
 * @param transactionalId this instance's transactional id (unique per instance)
 * @param serdeConfig the serde configuration ({@code schema.registry.url}...)
 * @param batchMaxRecords most records in one micro-batch (one transaction)
 * @param batchMaxWait longest wait for a batch to fill once its first record arrived
 * @param pipelined whether a {@link PipelinedBatchProcessor}'s next batch starts while the previous one is finished and
 *                  committed (no effect on a plain {@link BatchProcessor})
 * @param pollTimeout longest single poll when nothing is pending
 * @param retry attempts and backoff for records failing transiently
 * @param outageBackoff backoff while Kafka or the registry fails (unbounded attempts; only its pauses are used)
 * @param deadLetterInlineLimit largest payload carried inside a dead letter; larger ones go to the object store, if any
 * @param consumerProperties extra consumer properties (override the defaults, not the exactly-once ones)
 * @param producerProperties extra producer properties (override the defaults, not the exactly-once ones)
 */
public record ProcessingLoopSettings(String stage, String bootstrapServers, String groupId, String transactionalId,
                                     Map<String, ?> serdeConfig, int batchMaxRecords, Duration batchMaxWait,
                                     boolean pipelined, Duration pollTimeout, RetryPolicy retry, RetryPolicy outageBackoff,
                                     int deadLetterInlineLimit, Map<String, String> consumerProperties,
                                     Map<String, String> producerProperties) {

    /** Configuration defaults of the keys read by {@link #fromConfiguration}. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("kafka.batch.max-records", "32"),
            Map.entry("kafka.batch.max-wait", "200ms"),
            Map.entry("kafka.batch.pipelined", "true"),
            Map.entry("kafka.poll-timeout", "500ms"),
            Map.entry("kafka.retry.max-attempts", "3"),
            Map.entry("kafka.retry.initial-backoff", "500ms"),
            Map.entry("kafka.retry.max-backoff", "10s"),
            Map.entry("kafka.retry.multiplier", "2.0"),
            Map.entry("kafka.outage.initial-backoff", "1s"),
            Map.entry("kafka.outage.max-backoff", "30s"),
            Map.entry("kafka.dead-letter.inline-limit", "512KiB"));

    /** Validates the settings and copies the maps. */
    public ProcessingLoopSettings {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalId, "transactionalId");
        if (batchMaxRecords < 1) {
            throw new IllegalArgumentException("batchMaxRecords must be at least 1, not " + batchMaxRecords);
        }
        if (deadLetterInlineLimit < 0) {
            throw new IllegalArgumentException("deadLetterInlineLimit must not be negative");
        }
        serdeConfig = Map.copyOf(serdeConfig);
        consumerProperties = Map.copyOf(consumerProperties);
        producerProperties = Map.copyOf(producerProperties);
        long maxRequest = maxRequestSize(producerProperties);
        if (deadLetterInlineLimit + DEAD_LETTER_OVERHEAD > maxRequest) {
            // a dead letter the producer cannot send would stall its partition: every try fails alike
            throw new IllegalArgumentException("kafka.dead-letter.inline-limit (" + deadLetterInlineLimit
                    + " bytes) must leave " + DEAD_LETTER_OVERHEAD + " bytes below the producer's max.request.size ("
                    + maxRequest + "), for the dead letter's key, message and headers");
        }
    }

    /** Room a dead letter needs beside its inline payload (key, error message, headers). */
    static final int DEAD_LETTER_OVERHEAD = 64 * 1024;

    private static long maxRequestSize(Map<String, String> producerProperties) {
        String configured = producerProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return ((Number) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
                    .longValue();
        }
        try {
            return Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kafka.producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG + " '"
                    + configured + "' is not a number of bytes", e);
        }
    }

    /**
     * Settings with the defaults for everything but the essentials: a transactional id of
     * {@code <stage>-<random>} and the registry at {@code schemaRegistryUrl}.
     */
    public static ProcessingLoopSettings defaults(String stage, String bootstrapServers, String groupId,
                                                  String schemaRegistryUrl) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.put("kafka.bootstrap-servers", bootstrapServers);
        values.put("kafka.group-id", groupId);
        values.put("schema.registry.url", schemaRegistryUrl);
        return fromConfiguration(Configuration.load(List.of(), Map.of(), values), stage);
    }

    /**
     * Reads {@code kafka.bootstrap-servers}, {@code kafka.group-id}, {@code kafka.transactional-id}
     * (default {@code <stage>-<random uuid>}), {@code schema.registry.url}, {@code kafka.batch.max-records},
     * {@code kafka.batch.max-wait}, {@code kafka.batch.pipelined}, {@code kafka.poll-timeout}, {@code kafka.retry.*},
     * {@code kafka.outage.*}, {@code kafka.dead-letter.inline-limit}, and passes {@code kafka.consumer.*}, {@code kafka.producer.*}
     * and {@code serde.*} through.
     */
    public static ProcessingLoopSettings fromConfiguration(Configuration config, String stage) {
        Map<String, Object> serde = new HashMap<>(config.withPrefix("serde."));
        serde.put("schema.registry.url", config.string("schema.registry.url"));
        long inlineLimit = config.byteSize("kafka.dead-letter.inline-limit");
        if (inlineLimit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kafka.dead-letter.inline-limit is too large: " + inlineLimit);
        }
        Duration outageInitial = config.duration("kafka.outage.initial-backoff");
        Duration outageMax = config.duration("kafka.outage.max-backoff");
        return new ProcessingLoopSettings(stage, config.string("kafka.bootstrap-servers"), config.string("kafka.group-id"),
                config.optionalString("kafka.transactional-id").orElse(stage + "-" + UUID.randomUUID()), serde,
                config.integerAtLeast("kafka.batch.max-records", 1), config.duration("kafka.batch.max-wait"),
                config.bool("kafka.batch.pipelined"), config.duration("kafka.poll-timeout"),
                RetryPolicy.fromConfiguration(config, "kafka.retry"),
                new RetryPolicy(Integer.MAX_VALUE, outageInitial, outageMax, 2.0), (int) inlineLimit,
                config.withPrefix("kafka.consumer."), config.withPrefix("kafka.producer."));
    }

    /** The same settings with another retry policy for transient record failures. */
    public ProcessingLoopSettings withRetry(RetryPolicy otherRetry) {
        return new ProcessingLoopSettings(stage, bootstrapServers, groupId, transactionalId, serdeConfig, batchMaxRecords,
                batchMaxWait, pipelined, pollTimeout, otherRetry, outageBackoff, deadLetterInlineLimit, consumerProperties,
                producerProperties);
    }

    /** The same settings with other micro-batch bounds. */
    public ProcessingLoopSettings withBatch(int maxRecords, Duration maxWait) {
        return new ProcessingLoopSettings(stage, bootstrapServers, groupId, transactionalId, serdeConfig, maxRecords,
                maxWait, pipelined, pollTimeout, retry, outageBackoff, deadLetterInlineLimit, consumerProperties, producerProperties);
    }

    /** The same settings with pipelining of batches on or off. */
    public ProcessingLoopSettings withPipelining(boolean on) {
        return new ProcessingLoopSettings(stage, bootstrapServers, groupId, transactionalId, serdeConfig, batchMaxRecords,
                batchMaxWait, on, pollTimeout, retry, outageBackoff, deadLetterInlineLimit, consumerProperties,
                producerProperties);
    }

    /** The same settings with other pauses while Kafka or the registry is failing. */
    public ProcessingLoopSettings withOutageBackoff(RetryPolicy otherOutageBackoff) {
        return new ProcessingLoopSettings(stage, bootstrapServers, groupId, transactionalId, serdeConfig, batchMaxRecords,
                batchMaxWait, pipelined, pollTimeout, retry, otherOutageBackoff, deadLetterInlineLimit, consumerProperties,
                producerProperties);
    }

    /** The same settings with another inline limit for dead-letter payloads. */
    public ProcessingLoopSettings withDeadLetterInlineLimit(int limit) {
        return new ProcessingLoopSettings(stage, bootstrapServers, groupId, transactionalId, serdeConfig, batchMaxRecords,
                batchMaxWait, pipelined, pollTimeout, retry, outageBackoff, limit, consumerProperties, producerProperties);
    }
}
