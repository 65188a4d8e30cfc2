/**
 * The SD-RPN evaluation (issue 4): pseudo-labels on a training folder, the RPN trained on them,
 * then plain, attention crop, RPN-RoI and oracle crop answered side by side on a held-out folder,
 * with localisation figures, throughput, overlays and a chart. Ground truth is read only to score.
 */
package io.roistream.model.evaluation;
