package io.roistream.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.roistream.runtime.images.ImageRejectedException;
import io.roistream.runtime.images.RejectionReason;
import io.roistream.runtime.kafka.RecordOutcome.FailureKind;
import io.roistream.runtime.retry.TransientProcessingException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordOutcomeTest {

    private static final InputRecord<String> INPUT = new InputRecord<>("roi.questions", 0, 7L, 0L, "q-7", "v");

    @Test
    void failureKindFollowsTheMarkersInTheCauseChain() {
        assertEquals(FailureKind.TRANSIENT, FailureKind.of(new TransientProcessingException("later")));
        assertEquals(FailureKind.REJECTED, FailureKind.of(
                new IllegalStateException("wrapped", new ImageRejectedException(RejectionReason.EMPTY, "0 bytes"))));
        assertEquals(FailureKind.ERROR, FailureKind.of(new NullPointerException()));
        assertEquals(FailureKind.ERROR, FailureKind.of(new UncheckedIOException(new java.io.IOException("disk"))));
    }

    @Test
    void rejectedIsPermanentUnlessTransient() {
        assertEquals(FailureKind.REJECTED, RecordOutcome.rejected(INPUT, new IllegalArgumentException("no")).kind());
        assertEquals(FailureKind.TRANSIENT, RecordOutcome.rejected(INPUT, new TransientProcessingException("later")).kind());
    }

    @Test
    void perRecordTurnsExceptionsIntoFailuresOfTheirKind() throws Exception {
        InputRecord<String> second = new InputRecord<>("roi.questions", 0, 8L, 0L, "q-8", "v");
        InputRecord<String> third = new InputRecord<>("roi.questions", 0, 9L, 0L, "q-9", "v");
        List<RecordOutcome> outcomes = BatchProcessor.<String>perRecord(input -> {
            switch (input.key()) {
                case "q-8" -> throw new ImageRejectedException(RejectionReason.TOO_MANY_PIXELS, "100000x100000");
                case "q-9" -> throw new TransientProcessingException("store down");
                default -> {
                    return List.of();
                }
            }
        }).process(List.of(INPUT, second, third));
        assertInstanceOf(RecordOutcome.Processed.class, outcomes.get(0));
        assertEquals(FailureKind.REJECTED, ((RecordOutcome.Failed) outcomes.get(1)).kind());
        assertEquals(FailureKind.TRANSIENT, ((RecordOutcome.Failed) outcomes.get(2)).kind());
    }
}
