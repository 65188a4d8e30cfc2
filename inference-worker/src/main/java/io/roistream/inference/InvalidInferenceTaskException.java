package io.roistream.inference;

import io.roistream.runtime.retry.RejectedInput;

/**
 * An inference task the worker refuses because of what it holds (a blank question id, a question
 * the backbone cannot be asked, an image of a size it cannot view, a checkpoint it cannot use):
 * permanent, so the loop dead-letters it as a rejection and goes on with the other tasks.
 */
public final class InvalidInferenceTaskException extends RuntimeException implements RejectedInput {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** A refusal of {@code field} of the task, saying why. */
    public InvalidInferenceTaskException(String field, String problem) {
        this(field, problem, null);
    }

    /** A refusal of {@code field} of the task, saying why, revealed by {@code cause}. */
    public InvalidInferenceTaskException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The task field at fault, e.g. {@code question} or {@code checkpointVersion}. */
    public String field() {
        return field;
    }
}
