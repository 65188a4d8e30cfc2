package io.roistream.model.labels;

import java.io.IOException;

/** Stored maps bytes that {@link MapsCodec} cannot read: wrong magic, unknown version, truncated, corrupt. */
public final class MapsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public MapsFormatException(String message) {
        super(message);
    }

    public MapsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
