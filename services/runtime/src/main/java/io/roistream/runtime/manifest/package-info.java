/**
 * The label-set manifest: the exact list of pseudo-labels one training trigger orders a checkpoint
 * trained on, written by the coordinator to {@code s3://manifests/<backbone>/<trigger>.json} and
 * read by the trainer ({@link io.roistream.runtime.manifest.LabelManifest},
 * {@link io.roistream.runtime.manifest.LabelManifestCodec}).
 */
package io.roistream.runtime.manifest;
