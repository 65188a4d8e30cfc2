package io.roistream.runtime.images;

import io.roistream.runtime.retry.RejectedInput;

/** An image refused at intake: permanent, since the same bytes will be refused again. */
public final class ImageRejectedException extends RuntimeException implements RejectedInput {

    private static final long serialVersionUID = 1L;

    private final RejectionReason reason;

    /** A rejection for {@code reason}, with details. */
    public ImageRejectedException(RejectionReason reason, String detail) {
        this(reason, detail, null);
    }

    /** A rejection for {@code reason}, with details and the failure that revealed it. */
    public ImageRejectedException(RejectionReason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    /** Why the image was refused. */
    public RejectionReason reason() {
        return reason;
    }
}
