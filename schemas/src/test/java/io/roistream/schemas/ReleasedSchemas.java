package io.roistream.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The released value schemas kept in {@code src/compat/released/<version>/<Record>.avsc}: one
 * self-contained schema per topic value, as the registry holds it at that release.
 */
final class ReleasedSchemas {

    private static final Path ROOT = Path.of("src", "compat", "released");

    private ReleasedSchemas() {
    }

    /** A released schema and the topic that carries it. */
    record Released(String version, Schema schema, Topic<String, ?> topic) {
        @Override
        public String toString() {
            return version + "/" + schema.getName();
        }
    }

    /** Every released schema of every release. */
    static List<Released> all() {
        try (Stream<Path> versions = Files.list(ROOT)) {
            List<Released> released = versions.sorted().flatMap(ReleasedSchemas::ofVersion).toList();
            if (released.isEmpty()) {
                throw new IllegalStateException("no released schemas under " + ROOT.toAbsolutePath());
            }
            return released;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Released> ofVersion(Path versionDir) {
        try (Stream<Path> files = Files.list(versionDir)) {
            return files.filter(file -> file.toString().endsWith(".avsc")).sorted().map(file -> {
                Schema schema = parse(file);
                return new Released(versionDir.getFileName().toString(), schema, topicCarrying(schema));
            }).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Topic<String, ?> topicCarrying(Schema schema) {
        return Topics.all().stream()
                .filter(topic -> topic.valueSchema().getFullName().equals(schema.getFullName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("released schema " + schema.getFullName()
                        + " is the value of no topic: a topic was removed or renamed"));
    }
}
