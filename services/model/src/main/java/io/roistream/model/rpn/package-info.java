/**
 * The SD-RPN region proposal network (METHOD.md section 2): a twig of decoder layers copied from
 * the frozen backbone ({@link io.roistream.model.rpn.Rpn}), its training on pseudo-labels with the
 * backbone's hidden states computed once ({@link io.roistream.model.rpn.RpnFeatures},
 * {@link io.roistream.model.rpn.RpnTrainer}), and its self-describing checkpoint file
 * ({@link io.roistream.model.rpn.RpnCheckpoint}). Nothing here knows Kafka or object storage.
 */
package io.roistream.model.rpn;
