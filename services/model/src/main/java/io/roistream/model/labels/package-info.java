/**
 * SD-RPN pseudo-labels (METHOD.md section 1, steps 3-9): answer-to-image attention averaged into a
 * grounding map and a sink map ({@link io.roistream.model.labels.AnswerAttention},
 * {@link io.roistream.model.labels.AttentionMaps}), the rules that turn stored maps into per-cell
 * labels {1, 0, -100} ({@link io.roistream.model.labels.PseudoLabelRules}), the versioned binary
 * format of stored maps ({@link io.roistream.model.labels.MapsCodec}), and label-set merging and
 * seeded subsets ({@link io.roistream.model.labels.LabelSet}).
 *
 * <p>Every map is a row-major float array over a grid of {@code height x width} cells (cell
 * (row, col) is index {@code row * width + col}); the grid size is always a parameter.
 */
package io.roistream.model.labels;
