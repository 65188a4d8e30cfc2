package io.roistream.runtime.objectstore;

/** The store refused the request for a reason retrying cannot fix (access denied, invalid request...). Permanent. */
public final class ObjectStoreRequestException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    ObjectStoreRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
