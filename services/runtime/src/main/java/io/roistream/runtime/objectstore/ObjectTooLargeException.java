package io.roistream.runtime.objectstore;

/** The object is larger than the caller's limit; nothing beyond the limit was kept. */
public final class ObjectTooLargeException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    ObjectTooLargeException(ObjectRef ref, long size, long limit) {
        super("Object " + ref + " is " + (size < 0 ? "more than " + limit : size) + " bytes, over the limit of "
                + limit + " bytes", null);
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
