/**
 * Online inference coordination: questions routed as inference tasks pinned to the latest READY
 * checkpoint (plain before any exists), and answers joined back to their questions for the
 * end-to-end latency histogram.
 */
package io.roistream.coordinator.inference;
