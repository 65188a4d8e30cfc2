package io.roistream.labeler;

import io.roistream.runtime.retry.RejectedInput;

/**
 * A label request the labeler refuses because of what it holds (a blank sample id, a question the
 * backbone cannot be asked, an image of a size it cannot view): permanent, so the loop dead-letters
 * it as a rejection and goes on with the other requests.
 */
public final class InvalidLabelRequestException extends RuntimeException implements RejectedInput {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** A refusal of {@code field} of the request, saying why. */
    public InvalidLabelRequestException(String field, String problem) {
        this(field, problem, null);
    }

    /** A refusal of {@code field} of the request, saying why, revealed by {@code cause}. */
    public InvalidLabelRequestException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The request field at fault, e.g. {@code question}. */
    public String field() {
        return field;
    }
}
