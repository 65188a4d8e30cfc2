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
 * A few threads of a worker's own that write a micro-batch's objects side by side (encode, upload)
 * instead of one after the other; the batch awaits every write before its transaction commits, so
 * no event ever names an object that is not there yet.
 */
public final class ParallelWrites implements AutoCloseable {

    /** Configuration key of how many writes run at once. */
    public static final String THREADS_KEY = "objectstore.write-threads";

    private final ExecutorService threads;

    /** {@code threads} writers named {@code <name>-writer-<n>} (daemon threads). */
    public ParallelWrites(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writers for {@code name}, as many as {@value #THREADS_KEY} says. */
    public static ParallelWrites fromConfiguration(Configuration config, String name) {
        return new ParallelWrites(name, config.integerAtLeast(THREADS_KEY, 1));
    }

    /** Starts {@code write} on a writer thread. */
    public <T> CompletableFuture<T> submit(Supplier<T> write) {
        return CompletableFuture.supplyAsync(write, threads);
    }

    /** What {@code write} returned, or the exception it threw, unwrapped. */
    public static <T> T await(CompletableFuture<T> write) {
        try {
            return write.join();
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

    /** Lets running writes finish (up to 10 s), then stops the threads. */
    @Override
    public void close() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            threads.shutdownNow();
        }
    }
}
