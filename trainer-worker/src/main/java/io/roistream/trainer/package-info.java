/**
 * The trainer worker: consumes {@code TrainingTrigger}s, reads the label-set manifest and the stored
 * attention maps, trains the RPN with the frozen backbone, stores the checkpoint and emits a
 * {@code Checkpoint} event, exactly once per trigger.
 */
package io.roistream.trainer;
