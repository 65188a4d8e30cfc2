/**
 * What the coordinator does with input it cannot read or cannot accept: log, count, dead-letter
 * (stage {@code coordinator}, reason {@code UNREADABLE} or {@code REJECTED}), and go on.
 */
package io.roistream.coordinator.errors;
