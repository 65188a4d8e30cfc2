package io.roistream.inference;

import io.roistream.model.answer.Answer;
import io.roistream.model.image.Overlay;
import io.roistream.runtime.objectstore.ParallelTransfers;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Renders overlay pictures (the image, the RoI heat map, the boxes) and stores them through
 * {@link ParallelTransfers}, so that the overlays of a micro-batch are encoded and uploaded side by
 * side.
 */
public final class OverlayWriter {

    private final AnswerObjects objects;
    private final int grid;
    private final int viewSize;
    private final ParallelTransfers writes;

    /**
     * @param grid the global view's grid (heat maps are {@code grid x grid})
     * @param viewSize the side of the letterboxed global view in pixels
     */
    public OverlayWriter(AnswerObjects objects, int grid, int viewSize, ParallelTransfers writes) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.grid = grid;
        this.viewSize = viewSize;
        this.writes = Objects.requireNonNull(writes, "writes");
    }

    /** Starts writing the overlay of {@code answer}; the future completes with its URI. */
    CompletableFuture<String> write(String questionId, BufferedImage pixels, Answer answer) {
        return writes.submit(() -> objects.storeOverlay(questionId,
            Overlay.render(pixels, answer.heatMap(), grid, viewSize, answer.boxes(), Color.GREEN)).format());
    }
}
