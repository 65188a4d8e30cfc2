package io.roistream.stack.probe;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness check until it passes, the watched process dies, or time runs out. */
public final class Readiness {

    private static final long POLL_MILLIS = 100;

    private Readiness() {}

    /**
     * Waits until {@code check} passes.
     *
     * @param what what is awaited, for messages
     * @param process the process that must stay alive meanwhile
     * @param timeout how long to wait
     * @param check the readiness check
     * @return how long it took
     * @throws NotReadyException if the process died or the timeout passed first
     */
    public static Duration await(String what, ProcessHandle process, Duration timeout, BooleanSupplier check) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new NotReadyException(what + " (pid " + process.pid() + ") exited before it became ready");
            }
            if (check.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                throw new NotReadyException(what + " (pid " + process.pid() + ") was not ready after " + timeout);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotReadyException("Interrupted while waiting for " + what);
            }
        }
    }

    /** Raised when a service does not become ready. */
    public static final class NotReadyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception. */
        public NotReadyException(String message) {
            super(message);
        }
    }
}
