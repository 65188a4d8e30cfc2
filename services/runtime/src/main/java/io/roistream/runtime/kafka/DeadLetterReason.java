package io.roistream.runtime.kafka;

/**
 * Why a record went to the dead-letter topic. Written in the dead letter's Kafka header
 * {@value ProcessingLoop#REASON_HEADER}, at the start of its error message, and as the {@code reason}
 * label of the dead-letter counter.
 */
public enum DeadLetterReason {
    /** The key or value could not be deserialized (not Avro, unknown schema id, wrong type...). */
    UNREADABLE,
    /** The input itself is bad: a {@link io.roistream.runtime.retry.RejectedInput} (a rejected image...) or {@code RecordOutcome.rejected}. */
    REJECTED,
    /** Processing failed otherwise: an unmarked exception, or no outcome reported for the record. */
    PROCESSOR_ERROR,
    /** An output of the record could not be serialized (a record that breaks its schema). */
    INVALID_OUTPUT,
    /** The record kept failing transiently until the retry policy gave up. */
    RETRIES_EXHAUSTED
}
