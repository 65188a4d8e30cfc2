package io.roistream.tests.pipeline;

import io.roistream.events.DeadLetter;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A dead letter as the tests look at it: the id of the record it stands for (its key, decoded), the
 * stage and reason (from the headers) and where and why it failed.
 *
 * @param recordKey     the key of the failed record, decoded as an Avro string id
 * @param originalTopic the topic the failed record was read from
 * @param stage         header {@code roistream.dead-letter.stage}
 * @param reason        header {@code roistream.dead-letter.reason}
 * @param valueStage    the stage field of the value (must match the header)
 * @param message       the error message, {@code "<REASON>: ..."}
 */
record Letter(String recordKey, String originalTopic, String stage, String reason, String valueStage, String message) {

    /** The dead letter of {@code record}; the failed record's key is decoded with the string serde. */
    static Letter of(ConsumerRecord<String, DeadLetter> record, Map<String, Object> serdeConfig) {
        DeadLetter letter = record.value();
        return new Letter(failedKey(letter, serdeConfig), letter.getOriginalTopic(),
                header(record, ProcessingLoop.STAGE_HEADER), header(record, ProcessingLoop.REASON_HEADER),
                letter.getStage(), letter.getErrorMessage());
    }

    private static String failedKey(DeadLetter letter, Map<String, Object> serdeConfig) {
        ByteBuffer key = letter.getKey();
        if (key == null) {
            return null;
        }
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        try (Deserializer<String> keys = Topics.DEAD_LETTERS.keySerde(serdeConfig).deserializer()) {
            return keys.deserialize(letter.getOriginalTopic(), bytes);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Whether this letter says what {@code expected} says. */
    boolean matches(Expected expected) {
        return expected.stage().equals(stage) && expected.stage().equals(valueStage)
                && expected.reason().equals(reason) && expected.originalTopic().equals(originalTopic)
                && message != null && message.startsWith(expected.reason() + ": ") && message.contains(expected.fragment());
    }

    @Override
    public String toString() {
        return "stage=" + stage + " reason=" + reason + " topic=" + originalTopic + " message=" + abbreviated(message);
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 240 ? text : text.substring(0, 240) + "...";
    }

    /**
     * What the dead letter of one bad record must say.
     *
     * @param originalTopic where the stage read the record
     * @param stage         the stage that refused it
     * @param reason        the reason header
     * @param fragment      a part of the message
     */
    record Expected(String originalTopic, String stage, String reason, String fragment) {

        @Override
        public String toString() {
            return "stage=" + stage + " reason=" + reason + " topic=" + originalTopic
                    + " message containing '" + fragment + "'";
        }
    }
}
