package io.roistream.tests.pipeline;

import io.roistream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every committed record of one topic (isolation level {@code read_committed}, all partitions,
 * from the beginning, no group) and keeps them, so a test can wait for what it expects and say
 * what arrived when it does not come.
 *
 * @param <V> the topic's value type
 */
final class TopicReader<V> implements AutoCloseable {

    private final Topic<String, V> topic;
    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, Topic<String, V> topic, Map<String, Object> serdeConfig) {
        this.topic = topic;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, topic.keySerde(serdeConfig).deserializer(),
                topic.valueSerde(serdeConfig).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far, in the order read. */
    List<ConsumerRecord<String, V>> records() {
        return List.copyOf(records);
    }

    /** Reads what is there now (one short poll). */
    List<ConsumerRecord<String, V>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records();
    }

    /**
     * Reads everything committed to the topic by now: until the position of every partition reaches
     * its end (the last stable offset, for read_committed) as it is when called, so that "nothing
     * more" means nothing more was committed, not that one short poll came back empty.
     */
    List<ConsumerRecord<String, V>> readToEnd() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + topic.name() + " to its end " + ends + " within 60 s");
            }
            poll();
        }
        return records();
    }

    /**
     * Reads until {@code done} holds for everything read so far; fails after {@code patience} with
     * {@code expected} and a description of every record that did arrive.
     */
    List<ConsumerRecord<String, V>> awaitUntil(Predicate<List<ConsumerRecord<String, V>>> done, Duration patience,
                                              String expected, Function<ConsumerRecord<String, V>, String> describe) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + patience.toSeconds() + " s on " + topic.name() + " for " + expected
                        + "; " + records.size() + " record(s) arrived:\n" + describeAll(describe));
            }
            poll();
        }
        return records();
    }

    /** Reads until at least {@code count} records have arrived (see {@link #awaitUntil}). */
    List<ConsumerRecord<String, V>> awaitCount(int count, Duration patience, String expected,
                                              Function<ConsumerRecord<String, V>, String> describe) {
        return awaitUntil(all -> all.size() >= count, patience, count + " record(s): " + expected, describe);
    }

    /** One line per record read so far. */
    String describeAll(Function<ConsumerRecord<String, V>, String> describe) {
        StringBuilder text = new StringBuilder();
        for (ConsumerRecord<String, V> record : records) {
            text.append("  ").append(record.key()).append(" -> ").append(describe.apply(record)).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
