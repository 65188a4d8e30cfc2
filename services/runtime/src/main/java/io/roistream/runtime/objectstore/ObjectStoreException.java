package io.roistream.runtime.objectstore;

/**
 * An object-store operation failed. The subclass says how: the object is missing, too large,
 * the store stayed unreachable through every retry, or it refused the request.
 */
public abstract sealed class ObjectStoreException extends RuntimeException
        permits ObjectNotFoundException, ObjectTooLargeException, ObjectStoreUnavailableException,
                ObjectStoreRequestException {

    private static final long serialVersionUID = 1L;

    ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
