/**
 * Synthetic fine-grained VQA data, deterministic by seed: scenes of labelled coloured shapes
 * ({@link io.roistream.model.data.SceneGenerator}), unambiguous questions
 * ({@link io.roistream.model.data.QuestionGenerator}), the word vocabulary, dense per-cell targets
 * for encoder pretraining, and the dataset folder format (writer, reader, split generator).
 */
package io.roistream.model.data;
