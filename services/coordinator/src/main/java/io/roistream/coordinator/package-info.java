/**
 * The roistream coordinator, a Kafka Streams application: {@link io.roistream.coordinator.CoordinatorMain}
 * (the process), {@link io.roistream.coordinator.Coordinator} (one running instance),
 * {@link io.roistream.coordinator.CoordinatorTopology} (its topology, assembled from the pure
 * topologies of {@code training} and {@code inference} around the {@code checkpoints} catalogue).
 */
package io.roistream.coordinator;
