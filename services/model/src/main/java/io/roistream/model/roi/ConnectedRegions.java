package io.roistream.model.roi;

import io.roistream.model.labels.Grids;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 8-connected regions of selected cells (cells touching by a side or a corner belong together),
 * as scikit-image's {@code label(connectivity=2)} in the reference.
 */
public final class ConnectedRegions {

    private ConnectedRegions() {
    }

    /**
     * The regions of {@code selected} (row-major over {@code height x width}): each is the sorted
     * array of its cell indices; regions are ordered by their first cell in row-major order.
     */
    public static List<int[]> find(boolean[] selected, int height, int width) {
        int cells = Grids.checkShape(height, width);
        if (selected == null || selected.length != cells) {
            throw new IllegalArgumentException("a " + height + "x" + width + " grid needs " + cells + " mask values");
        }
        boolean[] seen = new boolean[cells];
        int[] queue = new int[cells];
        List<int[]> regions = new ArrayList<>();
        for (int start = 0; start < cells; start++) {
            if (!selected[start] || seen[start]) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int cell = queue[head++];
                int row = cell / width;
                int col = cell % width;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int r = row + dr;
                        int c = col + dc;
                        if (r >= 0 && r < height && c >= 0 && c < width) {
                            int next = r * width + c;
                            if (selected[next] && !seen[next]) {
                                seen[next] = true;
                                queue[tail++] = next;
                            }
                        }
                    }
                }
            }
            int[] region = Arrays.copyOf(queue, tail);
            Arrays.sort(region);
            regions.add(region);
        }
        return regions;
    }
}
