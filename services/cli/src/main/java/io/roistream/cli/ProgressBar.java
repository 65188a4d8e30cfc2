package io.roistream.cli;

import java.io.PrintWriter;

/** A one-line text progress bar redrawn in place ({@code \r}), e.g. {@code answering [#####.....] 12/24 3.1 s}. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();

    ProgressBar(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
        update(0);
    }

    /** Redraws the bar at {@code done} of the total. */
    void update(int done) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        out.printf("\r  %-12s [%s%s] %4d/%d %6.1f s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), done, total,
                seconds());
        out.flush();
    }

    /** Ends the line, reporting what came. */
    double finish(int done) {
        update(done);
        out.println(done < total ? "  (" + (total - done) + " missing)" : "");
        return seconds();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
