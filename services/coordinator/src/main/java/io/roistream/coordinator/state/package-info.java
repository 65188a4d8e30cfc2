/** Serdes of the coordinator's internal state (state stores and their changelogs). */
package io.roistream.coordinator.state;
