package io.roistream.inference;

import io.roistream.events.Checkpoint;
import io.roistream.runtime.metrics.Health;
import io.roistream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code roi.checkpoints} topic into a {@link CheckpointCatalog}: a plain
 * consumer without a group (every worker reads the whole topic), assigned all its partitions from
 * the beginning, read_committed, polling in a background thread until {@link #close()}. Until the
 * topic exists (or the broker answers) it looks again every poll; partitions added to the topic
 * later are not followed. A value that does not deserialize is logged and skipped
 * (it cannot name a version the worker could use); a tombstone forgets its version.
 */
public final class CheckpointCatalogReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCatalogReader.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<Checkpoint> values;
    private final CheckpointCatalog catalog;
    private final Health health;
    private final Thread thread;
    private volatile boolean running = true;

    private CheckpointCatalogReader(KafkaConsumer<String, byte[]> consumer, Deserializer<Checkpoint> values,
                                    CheckpointCatalog catalog, Health health) {
        this.consumer = consumer;
        this.values = values;
        this.catalog = catalog;
        this.health = health;
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
     */
    public static CheckpointCatalogReader start(String bootstrapServers, Map<String, ?> serdeConfig,
                                                Map<String, String> consumerProperties, CheckpointCatalog catalog,
                                                Health health) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
            new ByteArrayDeserializer());
        Deserializer<Checkpoint> values = Topics.CHECKPOINTS.valueSerde(serdeConfig).deserializer();
        CheckpointCatalogReader reader = new CheckpointCatalogReader(consumer, values,
            Objects.requireNonNull(catalog, "catalog"), Objects.requireNonNull(health, "health"));
        reader.thread.start();
        return reader;
    }

    private void follow() {
        String topic = Topics.CHECKPOINTS.name();
        try {
            boolean assigned = false;
            while (running) {
                if (!assigned) {
                    assigned = assign(topic);
                    if (!assigned) {
                        Thread.sleep(POLL.toMillis());
                        continue;
                    }
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    apply(record);
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

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                catalog.forget(record.key());
            }
            return;
        }
        try {
            Checkpoint checkpoint = values.deserialize(record.topic(), record.headers(), record.value());
            catalog.record(checkpoint);
            LOG.info("Checkpoint {} of {} is {} at {}", checkpoint.getVersion(), checkpoint.getBackboneId(),
                checkpoint.getStatus(), checkpoint.getArtifactUri());
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable checkpoint event {}/{}/{}: {}", record.topic(), record.partition(),
                record.offset(), e.toString());
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
