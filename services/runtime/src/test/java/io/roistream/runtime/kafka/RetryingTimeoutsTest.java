package io.roistream.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A commit or abort that timed out is tried again, and only that: other failures pass through. */
class RetryingTimeoutsTest {

    @Test
    void aCallThatTimesOutIsRepeatedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> waits = new ArrayList<>();
        boolean done = ProcessingLoop.retryingTimeouts(() -> {
            if (calls.incrementAndGet() <= 2) {
                throw new TimeoutException("broker unreachable");
            }
        }, attempt -> waits.add(attempt));
        assertTrue(done);
        assertEquals(3, calls.get());
        assertEquals(List.of(1, 2), waits);
    }

    @Test
    void aStopDuringTheWaitEndsTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        assertFalse(ProcessingLoop.retryingTimeouts(() -> {
            calls.incrementAndGet();
            throw new TimeoutException("broker unreachable");
        }, attempt -> attempt < 3));
        assertEquals(3, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(KafkaException.class, () -> ProcessingLoop.retryingTimeouts(() -> {
            calls.incrementAndGet();
            throw new KafkaException("fenced");
        }, attempt -> true));
        assertEquals(1, calls.get());
    }
}
