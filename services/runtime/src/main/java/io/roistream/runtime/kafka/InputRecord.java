package io.roistream.runtime.kafka;

/**
 * One deserialized input record handed to a {@link BatchProcessor}.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp its Kafka timestamp, epoch milliseconds
 * @param key its key (an id), or null
 * @param value its value, or null for a tombstone
 * @param <V> the value type
 */
public record InputRecord<V>(String topic, int partition, long offset, long timestamp, String key, V value) {

    /** {@code topic/partition/offset}: the record's coordinates, also the key of its dead letter. */
    public String coordinates() {
        return topic + "/" + partition + "/" + offset;
    }
}
