package io.roistream.runtime.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * The work of a stage: turns a micro-batch of input records into one {@link RecordOutcome} per record.
 * Called by {@link ProcessingLoop} inside a Kafka transaction; may be called again with the same
 * records after a transient failure, so it must not have effects beyond its outputs other than
 * idempotent ones (deterministic object-store keys).
 *
 * <p>If it throws instead of reporting, the loop treats the exception as the failure of the whole
 * batch: a transient one ({@link io.roistream.runtime.retry.TransientFailure}) retries the batch, any
 * other is permanent and the loop calls the processor again one record at a time to find the
 * records that fail (each of them then fails with {@link RecordOutcome.FailureKind#of its kind}).
 *
 * @param <V> the input value type
 */
@FunctionalInterface
public interface BatchProcessor<V> {

    /** One outcome per record of {@code batch} (a missing outcome counts as a permanent failure). */
    List<RecordOutcome> process(List<InputRecord<V>> batch) throws Exception;

    /**
     * A batch processor that handles records one by one with {@code processor}; an exception thrown
     * for one record becomes that record's failure, of the kind its markers say
     * ({@link RecordOutcome.FailureKind#of}: transient, rejection, or error).
     */
    static <V> BatchProcessor<V> perRecord(RecordProcessor<V> processor) {
        return batch -> {
            List<RecordOutcome> outcomes = new ArrayList<>(batch.size());
            for (InputRecord<V> input : batch) {
                try {
                    outcomes.add(RecordOutcome.processed(input, processor.process(input)));
                } catch (Exception e) {
                    outcomes.add(RecordOutcome.failed(input, e));
                }
            }
            return outcomes;
        };
    }

    /**
     * The work of a stage, one record at a time.
     *
     * @param <V> the input value type
     */
    @FunctionalInterface
    interface RecordProcessor<V> {
        /** The outputs of {@code input} (possibly none); throw to fail the record. */
        List<OutputRecord<?>> process(InputRecord<V> input) throws Exception;
    }
}
