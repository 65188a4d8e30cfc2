package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelTransfersTest {

    @Test
    void runsTransfersSideBySideOnItsOwnNamedThreads() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        try (ParallelTransfers transfers = new ParallelTransfers("test", 2)) {
            CompletableFuture<String> first = transfers.submit(() -> awaitOther(bothStarted));
            CompletableFuture<String> second = transfers.submit(() -> awaitOther(bothStarted));
            assertTrue(ParallelTransfers.await(first).startsWith("test-transfer-"));
            assertTrue(ParallelTransfers.await(second).startsWith("test-transfer-"));
        }
    }

    @Test
    void awaitRethrowsTheTransfersOwnException() {
        IllegalStateException failure = new IllegalStateException("store down");
        try (ParallelTransfers transfers = new ParallelTransfers("test", 1)) {
            CompletableFuture<Object> write = transfers.submit(() -> {
                throw failure;
            });
            assertSame(failure, assertThrows(IllegalStateException.class, () -> ParallelTransfers.await(write)));
        }
    }

    @Test
    void refusesNoThreads() {
        assertEquals("threads must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new ParallelTransfers("test", 0)).getMessage());
    }

    /** Counts down, then waits for the other write: both finish only when they ran at the same time. */
    private static String awaitOther(CountDownLatch bothStarted) {
        bothStarted.countDown();
        try {
            if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the transfers did not run side by side");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Thread.currentThread().getName();
    }
}
