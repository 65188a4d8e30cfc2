package io.roistream.model.image;

import java.awt.image.BufferedImage;

/**
 * One square view of a source image: the square source region with top-left corner (x0, y0) and
 * side {@code side} (source pixels) drawn onto a {@code targetSize} x {@code targetSize} view.
 *
 * <p>The region may extend beyond the image; what lies outside is padding, drawn in
 * {@link #PADDING_RGB} (the CLIP pixel mean, as LLaVA's letterbox does, so it normalises to about
 * zero). Coordinates map exactly (up to floating-point rounding) both ways:
 * {@code view = (source - x0) * targetSize / side}. Both coordinate systems are continuous pixel
 * coordinates: pixel i covers [i, i + 1).
 *
 * <p>Source images must be {@value #MIN_SOURCE_SIDE} to {@value #MAX_SOURCE_SIDE} pixels a side,
 * any aspect ratio; other sizes are rejected with an {@link IllegalArgumentException}.
 */
public final class ViewTransform {

    /** Smallest accepted source width or height in pixels. */
    public static final int MIN_SOURCE_SIDE = 256;
    /** Largest accepted source width or height in pixels. */
    public static final int MAX_SOURCE_SIDE = 2048;
    /**
     * Padding colour (0xRRGGBB): the CLIP pixel mean (0.4815, 0.4578, 0.4082) x 255, truncated to
     * (122, 116, 104) as LLaVA's {@code expand2square} does.
     */
    public static final int PADDING_RGB = (122 << 16) | (116 << 8) | 104;

    private final int sourceWidth;
    private final int sourceHeight;
    private final double x0;
    private final double y0;
    private final double side;
    private final int targetSize;

    private ViewTransform(int sourceWidth, int sourceHeight, double x0, double y0, double side, int targetSize) {
        checkSourceSize(sourceWidth, sourceHeight);
        if (targetSize < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + targetSize);
        }
        if (!(side > 0) || !Double.isFinite(side) || !Double.isFinite(x0) || !Double.isFinite(y0)) {
            throw new IllegalArgumentException("view region must be finite with a positive side: x0=" + x0 + " y0=" + y0 + " side=" + side);
        }
        if (x0 >= sourceWidth || y0 >= sourceHeight || x0 + side <= 0 || y0 + side <= 0) {
            throw new IllegalArgumentException("view region (" + x0 + ", " + y0 + ", side " + side
                + ") does not overlap the " + sourceWidth + "x" + sourceHeight + " image");
        }
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.x0 = x0;
        this.y0 = y0;
        this.side = side;
        this.targetSize = targetSize;
    }

    /**
     * The LLaVA letterbox: the image is centred on a square of side max(w, h) (integer offset, the
     * extra pixel of an odd difference going to the far side, as LLaVA's {@code expand2square}),
     * padded, then resized to {@code targetSize}.
     */
    public static ViewTransform letterbox(int srcW, int srcH, int targetSize) {
        checkSourceSize(srcW, srcH);
        int square = Math.max(srcW, srcH);
        return new ViewTransform(srcW, srcH, -((square - srcW) / 2), -((square - srcH) / 2), square, targetSize);
    }

    /**
     * The square crop view around a box (source pixels): side = max(box width, box height,
     * {@code minSide}), at most max(w, h); centred on the box, then shifted to stay inside the
     * image along each axis where the image is long enough (otherwise the whole extent of that axis
     * is shown and the rest is padding).
     *
     * @throws IllegalArgumentException when the box lies outside the image or the side would be zero
     */
    public static ViewTransform around(Box srcPx, int srcW, int srcH, int targetSize, double minSide) {
        checkSourceSize(srcW, srcH);
        Box image = new Box(0, 0, srcW, srcH);
        if (srcPx.isEmpty() ? !image.contains(srcPx) : !srcPx.overlaps(image)) {
            throw new IllegalArgumentException("box " + srcPx + " lies outside the " + srcW + "x" + srcH + " image");
        }
        Box inside = srcPx.intersect(image);
        double sideWanted = Math.max(Math.max(inside.width(), inside.height()), minSide);
        double viewSide = Math.min(sideWanted, Math.max(srcW, srcH));
        if (!(viewSide > 0)) {
            throw new IllegalArgumentException("crop side must be positive: box " + srcPx + ", minSide " + minSide);
        }
        double vx0 = placeAlong(inside.centreX() - viewSide / 2, viewSide, srcW);
        double vy0 = placeAlong(inside.centreY() - viewSide / 2, viewSide, srcH);
        return new ViewTransform(srcW, srcH, vx0, vy0, viewSide, targetSize);
    }

    /** Any square view: region (x0, y0, side) in source pixels, which must overlap the image. */
    public static ViewTransform of(int srcW, int srcH, double x0, double y0, double side, int targetSize) {
        return new ViewTransform(srcW, srcH, x0, y0, side, targetSize);
    }

    /** Throws unless both sides are within {@value #MIN_SOURCE_SIDE}..{@value #MAX_SOURCE_SIDE}. */
    public static void checkSourceSize(int width, int height) {
        if (width < MIN_SOURCE_SIDE || width > MAX_SOURCE_SIDE || height < MIN_SOURCE_SIDE || height > MAX_SOURCE_SIDE) {
            throw new IllegalArgumentException("source image is " + width + "x" + height + " px; each side must be "
                + MIN_SOURCE_SIDE + ".." + MAX_SOURCE_SIDE + " px");
        }
    }

    private static double placeAlong(double start, double viewSide, int length) {
        if (viewSide <= length) {
            return Math.min(Math.max(start, 0), length - viewSide);
        }
        return Math.min(Math.max(start, length - viewSide), 0);
    }

    public int sourceWidth() {
        return sourceWidth;
    }

    public int sourceHeight() {
        return sourceHeight;
    }

    /** Left edge of the source region, source pixels (negative when padded on the left). */
    public double x0() {
        return x0;
    }

    /** Top edge of the source region, source pixels (negative when padded on top). */
    public double y0() {
        return y0;
    }

    /** Side of the square source region in source pixels. */
    public double side() {
        return side;
    }

    public int targetSize() {
        return targetSize;
    }

    /** View pixels per source pixel. */
    public double scale() {
        return targetSize / side;
    }

    /** The square source region this view shows, in source pixels (may extend beyond the image). */
    public Box sourceRegion() {
        return new Box(x0, y0, x0 + side, y0 + side);
    }

    /** Where the real image (not padding) lies in the view, in view pixels. */
    public Box imageInView() {
        return toView(new Box(0, 0, sourceWidth, sourceHeight)).intersect(new Box(0, 0, targetSize, targetSize));
    }

    public double toViewX(double sourceX) {
        return (sourceX - x0) * targetSize / side;
    }

    public double toViewY(double sourceY) {
        return (sourceY - y0) * targetSize / side;
    }

    public double toSourceX(double viewX) {
        return viewX * side / targetSize + x0;
    }

    public double toSourceY(double viewY) {
        return viewY * side / targetSize + y0;
    }

    /** A box in source pixels mapped to view pixels (not clipped to the view). */
    public Box toView(Box sourceBox) {
        return new Box(toViewX(sourceBox.x0()), toViewY(sourceBox.y0()), toViewX(sourceBox.x1()), toViewY(sourceBox.y1()));
    }

    /** A box in view pixels mapped to source pixels (not clipped to the image). */
    public Box toSource(Box viewBox) {
        return new Box(toSourceX(viewBox.x0()), toSourceY(viewBox.y0()), toSourceX(viewBox.x1()), toSourceY(viewBox.y1()));
    }

    /**
     * Draws the view: area-averaged when shrinking (each view pixel is the exact, area-weighted mean
     * of the source pixels it covers), bilinear when enlarging; outside the image is
     * {@link #PADDING_RGB}. Deterministic; the result is a new {@code TYPE_INT_RGB} image of
     * {@code targetSize} x {@code targetSize}.
     *
     * @throws IllegalArgumentException when the image's size is not the one this view was made for
     */
    public BufferedImage render(BufferedImage source) {
        checkSource(source);
        return Resampler.render(source, x0, y0, side, targetSize, PADDING_RGB);
    }

    /**
     * {@link #render} followed by {@link PixelTensors#toChw}: normalised CHW floats of the view
     * (rendered straight into them, without the intermediate image).
     */
    public float[] renderChw(BufferedImage source) {
        checkSource(source);
        float[] chw = new float[3 * targetSize * targetSize];
        PixelTensors.fromRgb(Resampler.renderRgb(source, x0, y0, side, targetSize, PADDING_RGB), chw, 0);
        return chw;
    }

    private void checkSource(BufferedImage source) {
        if (source.getWidth() != sourceWidth || source.getHeight() != sourceHeight) {
            throw new IllegalArgumentException("view was made for a " + sourceWidth + "x" + sourceHeight
                + " image, got " + source.getWidth() + "x" + source.getHeight());
        }
    }

    /** Normalised CHW floats of an already rendered view; see {@link PixelTensors#toChw}. */
    public static float[] toChw(BufferedImage view) {
        return PixelTensors.toChw(view);
    }

    @Override
    public String toString() {
        return "ViewTransform[" + sourceWidth + "x" + sourceHeight + " region (" + x0 + ", " + y0 + ", side " + side
            + ") -> " + targetSize + "px]";
    }
}
