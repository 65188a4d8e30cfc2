package io.roistream.model.labels;

/**
 * A rectangle of whole cells on an image-token grid: columns {@code col0 .. col1 - 1} and rows
 * {@code row0 .. row1 - 1} (end-exclusive, so a single cell (r, c) is {@code (c, r, c + 1, r + 1)}).
 * Never empty: it holds at least one cell.
 */
public record GridBox(int col0, int row0, int col1, int row1) {

    /** Checks that the box holds at least one cell and starts at a non-negative cell. */
    public GridBox {
        if (col0 < 0 || row0 < 0 || col1 <= col0 || row1 <= row0) {
            throw new IllegalArgumentException("grid box needs 0 <= col0 < col1 and 0 <= row0 < row1, got ("
                + col0 + ", " + row0 + ", " + col1 + ", " + row1 + ")");
        }
    }

    /** The whole grid of {@code height} rows and {@code width} columns. */
    public static GridBox whole(int height, int width) {
        return new GridBox(0, 0, width, height);
    }

    /** The single cell at (row, col). */
    public static GridBox cell(int row, int col) {
        return new GridBox(col, row, col + 1, row + 1);
    }

    public int width() {
        return col1 - col0;
    }

    public int height() {
        return row1 - row0;
    }

    /** Number of cells in the box. */
    public int area() {
        return width() * height();
    }

    public boolean contains(int row, int col) {
        return row >= row0 && row < row1 && col >= col0 && col < col1;
    }

    /** Whether the box lies inside a grid of {@code height x width} cells. */
    public boolean fitsIn(int height, int width) {
        return col1 <= width && row1 <= height;
    }

    /** The smallest grid box holding both boxes. */
    public GridBox enclosing(GridBox other) {
        return new GridBox(Math.min(col0, other.col0), Math.min(row0, other.row0),
            Math.max(col1, other.col1), Math.max(row1, other.row1));
    }
}
