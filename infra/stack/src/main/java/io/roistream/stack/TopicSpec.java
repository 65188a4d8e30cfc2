package io.roistream.stack;

import java.util.Objects;

/**
 * A Kafka topic the stack creates once the broker is ready (replication factor 1).
 *
 * @param name topic name
 * @param partitions number of partitions, at least 1
 * @param compacted whether the topic uses {@code cleanup.policy=compact}
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

    /** Validates the name and the partition count. */
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
    }
}
