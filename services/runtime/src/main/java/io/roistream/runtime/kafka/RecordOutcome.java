package io.roistream.runtime.kafka;

import io.roistream.runtime.retry.RejectedInput;
import io.roistream.runtime.retry.TransientFailure;
import java.util.List;
import java.util.Objects;

/** What became of one input record: processed into outputs, or failed. */
public sealed interface RecordOutcome permits RecordOutcome.Processed, RecordOutcome.Failed {

    /** The input record this outcome is about. */
    InputRecord<?> input();

    /**
     * The record was processed; its outputs (possibly none) are produced in its transaction.
     *
     * @param input the input record
     * @param outputs the records to produce
     */
    record Processed(InputRecord<?> input, List<OutputRecord<?>> outputs) implements RecordOutcome {
        /** Copies the outputs. */
        public Processed {
            Objects.requireNonNull(input, "input");
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * The record could not be processed. {@link FailureKind#TRANSIENT} makes the loop try the batch
     * again (up to its retry policy); the other kinds send the record to the dead-letter topic at once.
     *
     * @param input the input record
     * @param error what went wrong
     * @param kind transient, a rejection of the input, or an error of the processing
     */
    record Failed(InputRecord<?> input, Throwable error, FailureKind kind) implements RecordOutcome {
        /** Requires every field. */
        public Failed {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** How a record failed. */
    enum FailureKind {
        /** Trying again later may succeed. */
        TRANSIENT,
        /** The input itself is bad (dead-lettered as {@link DeadLetterReason#REJECTED}). */
        REJECTED,
        /** The processing failed for another reason (dead-lettered as {@link DeadLetterReason#PROCESSOR_ERROR}). */
        ERROR;

        /** {@link #TRANSIENT} for a {@link TransientFailure}, {@link #REJECTED} for a {@link RejectedInput}, else {@link #ERROR}. */
        public static FailureKind of(Throwable error) {
            if (TransientFailure.isTransient(error)) {
                return TRANSIENT;
            }
            return RejectedInput.isRejection(error) ? REJECTED : ERROR;
        }
    }

    /** {@code input} was processed into {@code outputs}. */
    static Processed processed(InputRecord<?> input, List<OutputRecord<?>> outputs) {
        return new Processed(input, outputs);
    }

    /** {@code input} was processed into {@code outputs}. */
    static Processed processed(InputRecord<?> input, OutputRecord<?>... outputs) {
        return new Processed(input, List.of(outputs));
    }

    /** {@code input} failed with {@code error}, of the kind the error's markers say ({@link FailureKind#of}). */
    static Failed failed(InputRecord<?> input, Throwable error) {
        return new Failed(input, error, FailureKind.of(error));
    }

    /** {@code input} is bad and is refused because of {@code reason}, whatever the exception's type (unless transient). */
    static Failed rejected(InputRecord<?> input, Throwable reason) {
        return new Failed(input, reason, TransientFailure.isTransient(reason) ? FailureKind.TRANSIENT : FailureKind.REJECTED);
    }
}
