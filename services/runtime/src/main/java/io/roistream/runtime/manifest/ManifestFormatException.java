package io.roistream.runtime.manifest;

/**
 * A manifest that cannot be read: not JSON, a newer format version, or a field missing or of the
 * wrong type. The message names the field by its path, e.g. {@code labels[3].image.contentType}.
 */
public final class ManifestFormatException extends IllegalArgumentException {

    /** A format error described by {@code message}. */
    public ManifestFormatException(String message) {
        super(message);
    }

    /** A format error described by {@code message}, caused by {@code cause}. */
    public ManifestFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
