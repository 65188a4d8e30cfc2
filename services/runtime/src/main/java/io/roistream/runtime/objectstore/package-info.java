/** The object-store client (MinIO SDK), {@code s3://} references, the bucket layout, and typed failures. */
package io.roistream.runtime.objectstore;
