package io.roistream.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the root of the roistream checkout: the {@code roistream.home} system property when set
 * (bin/roistream sets it), else the nearest folder above the working directory whose pom.xml is
 * the {@code roistream-parent} itself (not a module naming it as its parent).
 */
public final class RoistreamHome {

    /** The system property naming the root explicitly. */
    public static final String PROPERTY = "roistream.home";

    /** A module's reference to its parent, which names roistream-parent in every module pom. */
    private static final Pattern PARENT = Pattern.compile("<parent>.*?</parent>", Pattern.DOTALL);

    private RoistreamHome() {
    }

    /** The root, or an {@link IllegalStateException} saying how to name it. */
    public static Path find() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        return findAbove(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("cannot find the roistream checkout above "
                        + Path.of("").toAbsolutePath() + "; set -D" + PROPERTY + "=<root>"));
    }

    /** The nearest folder at or above {@code start} holding the roistream-parent pom. */
    public static Optional<Path> findAbove(Path start) {
        for (Path folder = start.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (isRoot(folder)) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot(Path folder) {
        Path pom = folder.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String withoutParent = PARENT.matcher(Files.readString(pom)).replaceAll("");
            return withoutParent.contains("<artifactId>roistream-parent</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
