package io.roistream.tests.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders for the services' logs and state, under {@code target/pipeline/<name>}: emptied when a
 * test starts (no state of an earlier run leaks in) and left in place afterwards, so the logs a
 * failure message names can be read.
 */
final class WorkDirs {

    private WorkDirs() {
    }

    /** An empty {@code target/pipeline/<name>} folder. */
    static Path fresh(String name) throws IOException {
        Path folder = Path.of("target", "pipeline", name).toAbsolutePath();
        if (Files.exists(folder)) {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(folder)) {
                entries = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
        return Files.createDirectories(folder);
    }
}
