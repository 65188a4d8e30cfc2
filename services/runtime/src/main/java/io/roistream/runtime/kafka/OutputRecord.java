package io.roistream.runtime.kafka;

import io.roistream.schemas.Topic;
import java.util.Objects;

/**
 * A record to produce, inside the transaction of the input that caused it.
 *
 * @param topic the topic binding (name and serdes) to produce to
 * @param key the record key (an id)
 * @param value the record value
 * @param <V> the value type
 */
public record OutputRecord<V>(Topic<String, V> topic, String key, V value) {

    /** Requires a topic. */
    public OutputRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /** An output record for {@code topic}. */
    public static <V> OutputRecord<V> of(Topic<String, V> topic, String key, V value) {
        return new OutputRecord<>(topic, key, value);
    }
}
