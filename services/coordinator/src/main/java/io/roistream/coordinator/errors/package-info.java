/** What the coordinator does with input it cannot read: log, count, dead-letter, and go on. */
package io.roistream.coordinator.errors;
