package io.roistream.cli.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Events of one topic published after the watch began (all partitions, committed events only),
 * read on the calling thread. Not thread-safe; close it when done.
 *
 * @param <V> the event type
 */
public final class TopicWatch<V> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final KafkaConsumer<String, V> consumer;

    private TopicWatch(String topic, KafkaConsumer<String, V> consumer) {
        this.topic = topic;
        this.consumer = consumer;
    }

    static <V> TopicWatch<V> fromEnd(String topic, KafkaConsumer<String, V> consumer) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToEnd(assigned);
        assigned.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30))); // resolve the end now
        return new TopicWatch<>(topic, consumer);
    }

    /**
     * Collects the events that {@code wanted} accepts until {@code count} have come, the timeout has
     * passed, or none has come for {@code stall}; {@code progress} hears the running count.
     *
     * @return the events collected, in arrival order (fewer than {@code count} when time ran out)
     */
    public List<V> collect(Predicate<V> wanted, int count, Duration timeout, Duration stall, IntConsumer progress) {
        List<V> collected = new ArrayList<>(count);
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long lastArrival = now;
        while (collected.size() < count) {
            now = System.nanoTime();
            if (now > deadline || now - lastArrival > stall.toNanos()) {
                break;
            }
            for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
                if (record.value() != null && wanted.test(record.value()) && collected.size() < count) {
                    collected.add(record.value());
                    lastArrival = System.nanoTime();
                    progress.accept(collected.size());
                }
            }
        }
        return collected;
    }

    /** The first event {@code wanted} accepts within {@code timeout}. */
    public Optional<V> first(Predicate<V> wanted, Duration timeout) {
        List<V> found = collect(wanted, 1, timeout, timeout, seen -> { });
        return found.stream().findFirst();
    }

    /** The topic watched. */
    public String topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
