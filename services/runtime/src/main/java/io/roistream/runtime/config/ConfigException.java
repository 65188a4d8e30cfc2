package io.roistream.runtime.config;

/** A configuration value is missing or malformed; the message names the key and where its value came from. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A new exception with a message naming the key and its source. */
    public ConfigException(String message) {
        super(message);
    }

    /** A new exception with a message naming the key and its source, and the parse failure. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
