/**
 * The checkpoint catalogue: a global store fed by the compacted {@code roi.checkpoints} topic and
 * re-keyed by a processor, answering the latest READY checkpoint of a backbone and the checkpoint
 * that answered a training trigger.
 */
package io.roistream.coordinator.checkpoints;
