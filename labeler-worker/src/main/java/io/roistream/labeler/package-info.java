/**
 * The labeler worker: a thin process that consumes {@code roi.label-requests}, checks each request
 * (image intake, question), lets the frozen backbone teach a whole micro-batch at once
 * ({@link io.roistream.model.labels.PseudoLabeler}), stores the attention maps (and inline images)
 * at deterministic object keys, and produces {@code roi.pseudo-labels}, exactly once; bad requests
 * go to {@code roi.dead-letters} while the others are labelled. Start it with
 * {@link io.roistream.labeler.LabelerMain}.
 */
package io.roistream.labeler;
