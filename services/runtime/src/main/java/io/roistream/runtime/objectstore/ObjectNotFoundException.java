package io.roistream.runtime.objectstore;

/** The object (or its bucket) does not exist: permanent, raised at the first answer. */
public final class ObjectNotFoundException extends ObjectStoreException {

    private static final long serialVersionUID = 1L;

    private final String ref;

    ObjectNotFoundException(String ref, String detail, Throwable cause) {
        super("No object at " + ref + " (" + detail + ")", cause);
        this.ref = ref;
    }

    /** The URI or bucket that was not found. */
    public String ref() {
        return ref;
    }
}
