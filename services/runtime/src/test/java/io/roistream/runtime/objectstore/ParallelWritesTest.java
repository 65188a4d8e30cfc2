package io.roistream.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelWritesTest {

    @Test
    void runsWritesSideBySideOnItsOwnNamedThreads() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        try (ParallelWrites writes = new ParallelWrites("test", 2)) {
            CompletableFuture<String> first = writes.submit(() -> awaitOther(bothStarted));
            CompletableFuture<String> second = writes.submit(() -> awaitOther(bothStarted));
            assertTrue(ParallelWrites.await(first).startsWith("test-writer-"));
            assertTrue(ParallelWrites.await(second).startsWith("test-writer-"));
        }
    }

    @Test
    void awaitRethrowsTheWritesOwnException() throws Exception {
        IllegalStateException failure = new IllegalStateException("store down");
        try (ParallelWrites writes = new ParallelWrites("test", 1)) {
            CompletableFuture<Object> write = writes.submit(() -> {
                throw failure;
            });
            assertSame(failure, assertThrows(IllegalStateException.class, () -> ParallelWrites.await(write)));
        }
    }

    @Test
    void refusesNoThreads() {
        assertEquals("threads must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new ParallelWrites("test", 0)).getMessage());
    }

    /** Counts down, then waits for the other write: both finish only when they ran at the same time. */
    private static String awaitOther(CountDownLatch bothStarted) {
        bothStarted.countDown();
        try {
            if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writes did not run side by side");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Thread.currentThread().getName();
    }
}
