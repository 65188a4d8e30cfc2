package io.roistream.inference;

import io.roistream.events.Checkpoint;
import io.roistream.runtime.metrics.Health;
import io.roistream.runtime.retry.ServiceOutages;
import io.roistream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code roi.checkpoints} topic into a {@link CheckpointCatalog}: a plain
 * consumer without a group (every worker reads the whole topic), assigned all its partitions from
 * the beginning, read_committed, polling in a background thread until {@link #close()}. Until the
 * topic exists (or the broker answers) it looks again every poll; partitions added to the topic
 * later are not followed. A tombstone forgets its version (keys are Avro strings, as
 * {@link Topics#CHECKPOINTS} writes them). While the registry is unavailable a record is read again
 * after a pause, never skipped; a record that does not deserialize for any other reason cannot name
 * a version the worker could use: it is logged as an error, counted
 * ({@code roistream_checkpoint_events_unreadable_total}) and skipped.
 */
public final class CheckpointCatalogReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCatalogReader.class);
    private static final Duration POLL = Duration.ofMillis(250);
    // short enough for close(), which waits 10 s for the thread, to find it awake
    private static final Duration MAX_OUTAGE_PAUSE = Duration.ofSeconds(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<String> keys;
    private final Deserializer<Checkpoint> values;
    private final CheckpointCatalog catalog;
    private final Health health;
    private final Runnable unreadable;
    private final Thread thread;
    private volatile boolean running = true;

    private CheckpointCatalogReader(KafkaConsumer<byte[], byte[]> consumer, Deserializer<String> keys,
                                    Deserializer<Checkpoint> values, CheckpointCatalog catalog, Health health,
                                    Runnable unreadable) {
        this.consumer = consumer;
        this.keys = keys;
        this.values = values;
        this.catalog = catalog;
        this.health = health;
        this.unreadable = unreadable;
        this.thread = new Thread(this::follow, "checkpoint-catalog");
        this.thread.setDaemon(true);
    }

    /**
     * Starts following the topic.
     *
     * @param bootstrapServers Kafka
     * @param serdeConfig the registry settings of the topic's value serde
     * @param consumerProperties extra consumer properties ({@code kafka.consumer.*})
     * @param catalog where the versions go
     * @param health the worker's health, set DOWN when following the topic fails for good (the
     *     worker could no longer learn of new checkpoints)
     * @param unreadable called for each record skipped as unreadable
     */
    public static CheckpointCatalogReader start(String bootstrapServers, Map<String, ?> serdeConfig,
                                                Map<String, String> consumerProperties, CheckpointCatalog catalog,
                                                Health health, Runnable unreadable) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        CheckpointCatalogReader reader = new CheckpointCatalogReader(consumer,
            Topics.CHECKPOINTS.keySerde(serdeConfig).deserializer(),
            Topics.CHECKPOINTS.valueSerde(serdeConfig).deserializer(),
            Objects.requireNonNull(catalog, "catalog"), Objects.requireNonNull(health, "health"),
            Objects.requireNonNull(unreadable, "unreadable"));
        reader.thread.start();
        return reader;
    }

    private void follow() {
        String topic = Topics.CHECKPOINTS.name();
        try {
            boolean assigned = false;
            int outages = 0;
            while (running) {
                if (!assigned) {
                    assigned = assign(topic);
                    if (!assigned) {
                        Thread.sleep(POLL.toMillis());
                        continue;
                    }
                }
                if (applyAll(consumer.poll(POLL))) {
                    outages = 0;
                } else {
                    outages++;
                    Thread.sleep(Math.min(MAX_OUTAGE_PAUSE.toMillis(), POLL.toMillis() << Math.min(outages, 7)));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Stopped following {}: tasks pinned to new checkpoints will be dead-lettered", topic, e);
            health.fail("stopped following " + topic + ": " + e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            keys.close();
            values.close();
        }
    }

    private boolean assign(String topic) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, POLL);
        } catch (TimeoutException e) {
            LOG.debug("{} not found yet: {}", topic, e.getMessage());
            return false;
        }
        if (partitions == null || partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            all.add(new TopicPartition(topic, partition.partition()));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        LOG.info("Following {} ({} partitions) from the beginning", topic, all.size());
        return true;
    }

    /**
     * Applies {@code records} partition by partition; false when the registry was unavailable, after
     * rewinding every partition to its first record not applied.
     */
    private boolean applyAll(ConsumerRecords<byte[], byte[]> records) {
        ConsumerRecord<byte[], byte[]> outageAt = null;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            if (outageAt != null) {
                consumer.seek(partition, inPartition.get(0).offset());
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : inPartition) {
                if (!apply(record)) {
                    outageAt = record;
                    consumer.seek(partition, record.offset());
                    break;
                }
            }
        }
        return outageAt == null;
    }

    /** Applies one record; false when the registry was unavailable to read it. */
    private boolean apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.value() == null) {
                String version = record.key() == null ? null
                    : keys.deserialize(record.topic(), record.headers(), record.key());
                if (version != null) {
                    catalog.forget(version);
                    LOG.info("Checkpoint {} withdrawn (tombstone)", version);
                }
                return true;
            }
            Checkpoint checkpoint = values.deserialize(record.topic(), record.headers(), record.value());
            catalog.record(checkpoint);
            LOG.info("Checkpoint {} of {} is {} at {}", checkpoint.getVersion(), checkpoint.getBackboneId(),
                checkpoint.getStatus(), checkpoint.getArtifactUri());
            return true;
        } catch (RuntimeException e) {
            if (ServiceOutages.isServiceOutage(e)) {
                LOG.warn("Registry unavailable reading {}/{}/{}, will read it again: {}", record.topic(),
                    record.partition(), record.offset(), e.toString());
                return false;
            }
            LOG.error("Skipping unreadable checkpoint event {}/{}/{}: {}", record.topic(), record.partition(),
                record.offset(), e.toString());
            unreadable.run();
            return true;
        }
    }

    /** Stops the thread and closes the consumer. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
