/**
 * Label merging: the label set of each backbone, one entry per (backbone version, sample), the
 * latest label winning, with the round in which each entry became a new usable label.
 */
package io.roistream.coordinator.labels;
