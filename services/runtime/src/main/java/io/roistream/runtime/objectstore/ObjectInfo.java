package io.roistream.runtime.objectstore;

import java.time.Instant;

/**
 * What the store says about one object.
 *
 * @param ref where it is
 * @param size its size in bytes
 * @param contentType its media type, or null when the store did not say (listings)
 * @param etag the store's entity tag, quotes removed
 * @param lastModified when it was last written
 */
public record ObjectInfo(ObjectRef ref, long size, String contentType, String etag, Instant lastModified) {}
