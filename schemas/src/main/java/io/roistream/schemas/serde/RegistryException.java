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
    private final boolean invalidSchema;

    RegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.invalidSchema = false;
    }

    RegistryException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private RegistryException(String message, Throwable cause, boolean invalidSchema) {
        super(message, cause);
        this.httpStatus = NONE;
        this.errorCode = NONE;
        this.invalidSchema = invalidSchema;
    }

    /** The registry answered with a schema this client cannot use (not Avro, or not parseable). */
    static RegistryException invalidSchema(String message, Throwable cause) {
        return new RegistryException(message, cause, true);
    }

    /**
     * Whether the registry is unreachable or unusable, as opposed to answering about the schema the
     * call named: not reached, a 5xx, refused credentials (401, 403, 407), a timeout or rate limit
     * (408, 429), a redirect or a success that is no registry answer (a proxy's page), or a 404
     * without a Confluent error code (a wrong base path). Callers wait an outage out instead of
     * blaming the record: during an incident of the registry or its credentials every record would
     * fail alike. A 404 with an error code (unknown subject, version or schema id), a 409 or 422
     * (incompatible, invalid) and a schema this client cannot use are about the record.
     */
    public boolean isOutage() {
        if (invalidSchema) {
            return false;
        }
        return switch (httpStatus) {
            case NONE, 401, 403, 407, 408, 429 -> true;
            case 404 -> errorCode == NONE;
            default -> httpStatus >= 500 || httpStatus / 100 == 2 || httpStatus / 100 == 3;
        };
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
