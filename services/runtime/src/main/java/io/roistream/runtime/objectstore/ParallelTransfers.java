package io.roistream.runtime.objectstore;

import io.roistream.runtime.config.Configuration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A few threads of a worker's own that move a batch's objects to or from the store side by side
 * (encode and upload, download and decode) instead of one after the other. A worker awaits every
 * write before its transaction commits, so no event ever names an object that is not there yet.
 */
public final class ParallelTransfers implements AutoCloseable {

    /** Configuration key of how many transfers run at once. */
    public static final String THREADS_KEY = "objectstore.transfer-threads";

    private final ExecutorService threads;

    /** {@code threads} writers named {@code <name>-transfer-<n>} (daemon threads). */
    public ParallelTransfers(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-transfer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Threads for {@code name}, as many as {@value #THREADS_KEY} says. */
    public static ParallelTransfers fromConfiguration(Configuration config, String name) {
        return new ParallelTransfers(name, config.integerAtLeast(THREADS_KEY, 1));
    }

    /** Starts {@code transfer} on one of the threads. */
    public <T> CompletableFuture<T> submit(Supplier<T> transfer) {
        return CompletableFuture.supplyAsync(transfer, threads);
    }

    /** What {@code transfer} returned, or the exception it threw, unwrapped. */
    public static <T> T await(CompletableFuture<T> transfer) {
        try {
            return transfer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Lets running transfers finish (up to 10 s), then stops the threads. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
