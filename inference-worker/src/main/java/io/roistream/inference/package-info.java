/**
 * The inference worker: consumes {@code roi.inference-tasks}, checks each task (image intake,
 * question, deadline), answers each micro-batch grouped by pinned RPN checkpoint with SD-RPN
 * ({@link io.roistream.model.answer.RpnRoiAnswerer}, one model call per group) or plainly, stores
 * overlay pictures at deterministic keys and produces {@code roi.answers}, exactly once; checkpoint
 * versions come from the compacted {@code roi.checkpoints} topic and load beside each other (hot
 * swap). Bad tasks and unusable checkpoints go to {@code roi.dead-letters} while the others are
 * answered. Start it with {@link io.roistream.inference.InferenceMain}.
 */
package io.roistream.inference;
