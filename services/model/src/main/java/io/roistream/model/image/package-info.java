/**
 * Geometry and image views: {@link io.roistream.model.image.Box}, the exact source/view mapping of
 * {@link io.roistream.model.image.ViewTransform} (LLaVA letterbox and square crops) with its
 * rendering, and {@link io.roistream.model.image.PixelTensors} for normalised CHW floats.
 */
package io.roistream.model.image;
