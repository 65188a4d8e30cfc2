package io.roistream.coordinator.errors;

import io.roistream.coordinator.CoordinatorMetrics;
import io.roistream.events.DeadLetter;
import io.roistream.runtime.kafka.DeadLetterReason;
import io.roistream.runtime.kafka.ProcessingLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The coordinator's dead letters, in the workers' format ({@code ProcessingLoop}): stage
 * {@value CoordinatorMetrics#STAGE}, error message {@code <REASON>: <message>}, key
 * {@code <topic>/<partition>/<offset>}, the {@value ProcessingLoop#REASON_HEADER} and
 * {@value ProcessingLoop#STAGE_HEADER} headers. Payloads over {@value #INLINE_LIMIT} bytes are left
 * out (the message says so).
 */
public final class DeadLetters {

    /** Largest payload carried inside a dead letter. */
    public static final int INLINE_LIMIT = 512 * 1024;

    private DeadLetters() {
    }

    /** The dead-letter key of the record at {@code topic}/{@code partition}/{@code offset}. */
    public static String coordinates(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    /**
     * The dead letter of the record at {@code topic}/{@code partition}/{@code offset}, with key and
     * value bytes {@code key} and {@code payload} (either may be null), set aside for {@code reason}
     * because of {@code error} at {@code failedAt}.
     */
    public static DeadLetter letter(String topic, int partition, long offset, byte[] key, byte[] payload,
                                    DeadLetterReason reason, Exception error, Instant failedAt) {
        boolean inline = payload == null || payload.length <= INLINE_LIMIT;
        String message = reason + ": " + error.getMessage()
                + (inline ? "" : " (payload of " + payload.length + " bytes not carried)");
        return DeadLetter.newBuilder().setOriginalTopic(topic).setPartition(partition).setOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setPayload(inline && payload != null ? ByteBuffer.wrap(payload) : null).setPayloadUri(null)
                .setStage(CoordinatorMetrics.STAGE).setErrorClass(error.getClass().getName()).setErrorMessage(message)
                .setAttempt(1).setFailedAt(failedAt).build();
    }

    /** The Kafka headers of a dead letter written for {@code reason}. */
    public static Headers headers(DeadLetterReason reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ProcessingLoop.REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        headers.add(ProcessingLoop.STAGE_HEADER, CoordinatorMetrics.STAGE.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
