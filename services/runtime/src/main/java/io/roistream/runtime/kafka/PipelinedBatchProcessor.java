package io.roistream.runtime.kafka;

import java.util.List;
import java.util.Objects;

/**
 * A {@link BatchProcessor} in two steps, so that the {@link ProcessingLoop} can overlap batches: the
 * loop runs {@link #start} of batch N+1 on its processing thread (the model, compute-bound work) while
 * it calls {@link Finish#finish()} of batch N on its own thread (waiting for the object writes that
 * {@code start} set going) and commits batch N's transaction. Every {@code start} runs on the one
 * processing thread, one after the other; a {@code finish} may run while the next batch's
 * {@code start} does, so what the two steps share must be thread-safe.
 *
 * <p>Before that, {@link #prepare} runs on the loop's thread when the batch is taken in, while the
 * previous batch's first step may still be running: a processor overrides it to take work that is not
 * the model's (checking and decoding the batch's images, say) off the processing thread.
 *
 * <p>The contract of {@link BatchProcessor} holds for the steps together: they may run again
 * with the same records after a transient failure, and an exception thrown by either step is the
 * failure of the whole batch. A batch whose partitions were revoked meanwhile is never finished.
 *
 * @param <V> the input value type
 */
public interface PipelinedBatchProcessor<V> extends BatchProcessor<V> {

    /** The first step: the batch's compute-bound work; may start its I/O without waiting for it. */
    Finish start(List<InputRecord<V>> batch) throws Exception;

    /**
     * The step before the first, on the loop's thread; returns the first step, which then runs on the
     * processing thread. By default nothing is prepared and the first step is {@link #start}; a
     * processor that overrides this method makes {@code start} equal to {@code prepare(batch).run()}.
     */
    default FirstStep prepare(List<InputRecord<V>> batch) throws Exception {
        return () -> start(batch);
    }

    /** All steps, one after the other. */
    @Override
    default List<RecordOutcome> process(List<InputRecord<V>> batch) throws Exception {
        return prepare(batch).run().finish();
    }

    /** The first step of a prepared batch: the model's work; returns the second step. */
    @FunctionalInterface
    interface FirstStep {
        /** Runs the first step (on the processing thread). */
        Finish run() throws Exception;
    }

    /** The second step of a batch: waits for what {@link #start} set going and reports the outcomes. */
    @FunctionalInterface
    interface Finish {
        /** One outcome per record of the batch (a missing outcome counts as a permanent failure). */
        List<RecordOutcome> finish() throws Exception;
    }

    /**
     * {@code processor} itself when it is pipelined, else {@code processor} in one step: {@code start}
     * does all the work, {@code finish} only hands the outcomes over.
     */
    static <V> PipelinedBatchProcessor<V> asPipelined(BatchProcessor<V> processor) {
        Objects.requireNonNull(processor, "processor");
        if (processor instanceof PipelinedBatchProcessor<V> pipelined) {
            return pipelined;
        }
        return batch -> {
            List<RecordOutcome> outcomes = processor.process(batch);
            return () -> outcomes;
        };
    }
}
