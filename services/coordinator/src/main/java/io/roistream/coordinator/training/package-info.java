/**
 * Label merging and training triggers: the label set and training state per backbone, the
 * count, time and manual triggers with their label-set manifests, and the one-training-in-flight
 * rule released by the matching checkpoint or re-emitted after a timeout.
 */
package io.roistream.coordinator.training;
