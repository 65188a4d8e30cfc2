package io.roistream.coordinator.labels;

import io.roistream.events.PseudoLabel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of label-set entries for the store and its changelog: a format byte ({@value #FORMAT}), the
 * round as a big-endian 8-byte integer, then the label as the {@code roi.pseudo-labels} value serde
 * writes it (Confluent wire format, schema registered under the changelog's subject), so stored
 * labels evolve with the event schema.
 */
public final class MergedLabelSerde implements Serde<MergedLabel> {

    /** The layout version written in the first byte. */
    public static final byte FORMAT = 1;

    private static final int HEADER = 1 + Long.BYTES;

    private final Serde<PseudoLabel> labels;

    /** Entries whose labels are written and read by {@code labels}, an already configured value serde. */
    public MergedLabelSerde(Serde<PseudoLabel> labels) {
        this.labels = labels;
    }

    @Override
    public Serializer<MergedLabel> serializer() {
        Serializer<PseudoLabel> inner = labels.serializer();
        return (topic, entry) -> {
            if (entry == null) {
                return null;
            }
            byte[] label = inner.serialize(topic, entry.label());
            return ByteBuffer.allocate(HEADER + label.length).put(FORMAT).putLong(entry.countedInRound()).put(label)
                    .array();
        };
    }

    @Override
    public Deserializer<MergedLabel> deserializer() {
        Deserializer<PseudoLabel> inner = labels.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length <= HEADER || bytes[0] != FORMAT) {
                throw new SerializationException("Not a label-set entry of format " + FORMAT + " in " + topic + " ("
                        + bytes.length + " bytes, first byte " + (bytes.length == 0 ? "none" : bytes[0]) + ")");
            }
            long round = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
            return new MergedLabel(inner.deserialize(topic, Arrays.copyOfRange(bytes, HEADER, bytes.length)), round);
        };
    }

    @Override
    public void close() {
        labels.close();
    }
}
