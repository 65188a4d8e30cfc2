package io.roistream.inference;

import io.roistream.runtime.retry.RejectedInput;

/**
 * A checkpoint the worker will not use: its file is missing, too large, not an RPN checkpoint, does
 * not match the sha256 its event announced, or was trained on other backbone weights. Permanent for
 * that version; the tasks pinned to it are dead-lettered as rejections, the versions already
 * loaded stay in use.
 */
public final class CheckpointRefusedException extends RuntimeException implements RejectedInput {

    private static final long serialVersionUID = 1L;

    private final String version;

    /** {@code version} is refused, saying why. */
    public CheckpointRefusedException(String version, String problem, Throwable cause) {
        super("checkpointVersion: checkpoint " + version + " is refused: " + problem, cause);
        this.version = version;
    }

    /** The refused version. */
    public String version() {
        return version;
    }
}
