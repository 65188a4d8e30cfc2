package io.roistream.runtime.images;

/** Why an image was refused at intake. */
public enum RejectionReason {
    /** The reference carries neither a URI nor inline bytes, or both. */
    NO_SINGLE_SOURCE,
    /** The URI is not a valid {@code s3://bucket/key}. */
    INVALID_URI,
    /** The object the URI names does not exist. */
    OBJECT_MISSING,
    /** The stored object is larger than the configured limit. */
    OBJECT_TOO_LARGE,
    /** The inline bytes are more than the configured limit. */
    INLINE_TOO_LARGE,
    /** No bytes at all. */
    EMPTY,
    /** The SHA-256 of the bytes differs from the one the reference gives. */
    CHECKSUM_MISMATCH,
    /** No image reader recognises the bytes. */
    NOT_AN_IMAGE,
    /** An image, but of a format not accepted by configuration. */
    UNSUPPORTED_FORMAT,
    /** The header is unreadable (truncated or corrupt) or claims a zero or negative size. */
    BAD_HEADER,
    /** The header claims more pixels (or a longer side) than the limit: a possible decompression bomb. */
    TOO_MANY_PIXELS,
    /** The width or height given by the reference differs from the header's. */
    SIZE_MISMATCH,
    /** The header was fine but the pixel data could not be decoded (truncated or corrupt). */
    UNDECODABLE
}
