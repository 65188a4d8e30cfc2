package io.roistream.schemas.serde;

/**
 * A schema registry call failed: the registry could not be reached, or it answered with an error
 * status (then {@link #httpStatus()} and the Confluent {@link #errorCode()} are set).
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #httpStatus()} and {@link #errorCode()} when there is none. */
    public static final int NONE = -1;

    private final int httpStatus;
    private final int errorCode;

    RegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = NONE;
        this.errorCode = NONE;
    }

    /** HTTP status the registry answered with, or {@link #NONE} when it was not reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Confluent error code from the response body ({@code error_code}, e.g. 40403 schema not
     * found), or {@link #NONE}. Registries differ here: Apicurio 2.4 answers 409 with code 0.
     */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the registry answered 404: the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
