package io.roistream.stack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds the build outputs the stack runs: the broker and S3Proxy classpath files and the registry
 * application, all under the repository's {@code infra/} modules after {@code mvn install}.
 *
 * <p>The repository root is, in this order: the {@code roistream.home} system property, the
 * {@code ROISTREAM_HOME} environment variable, the nearest directory at or above the working
 * directory that holds {@code infra/stack/pom.xml}, and the directory this jar was built in.
 */
public final class StackArtifacts {

    /** System property naming the repository root. */
    public static final String HOME_PROPERTY = "roistream.home";
    /** Environment variable naming the repository root. */
    public static final String HOME_ENV = "ROISTREAM_HOME";

    private static final Path MARKER = Path.of("infra", "stack", "pom.xml");

    private final Path root;

    private StackArtifacts(Path root) {
        this.root = root;
    }

    /**
     * Locates the repository root.
     *
     * @throws StackException if no candidate directory holds the roistream sources
     */
    public static StackArtifacts locate() {
        Path root = findRepositoryRoot().orElseThrow(() -> new StackException(
                "Cannot find the roistream repository (a directory holding " + MARKER + "): run from inside"
                        + " it, or set -D" + HOME_PROPERTY + " or " + HOME_ENV + " to its root"));
        return new StackArtifacts(root);
    }

    /** The repository root, if one of the candidates (see the class comment) holds the sources. */
    public static Optional<Path> findRepositoryRoot() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty(HOME_PROPERTY)).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv(HOME_ENV)).map(Path::of).ifPresent(candidates::add);
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir);
        }
        Optional.ofNullable(buildProperties().getProperty("repository.root")).map(Path::of).ifPresent(candidates::add);
        return candidates.stream()
                .map(p -> p.toAbsolutePath().normalize())
                .filter(p -> Files.isRegularFile(p.resolve(MARKER)))
                .findFirst();
    }

    /** The repository root. */
    public Path root() {
        return root;
    }

    /** The runtime classpath of the Kafka broker (kafka_2.13, kafka-tools, Log4j2). */
    public String brokerClasspath() {
        return readClasspath(root.resolve("infra/broker/target/broker.classpath"), "roistream-broker");
    }

    /** The runtime classpath of S3Proxy. */
    public String objectStoreClasspath() {
        return readClasspath(root.resolve("infra/s3proxy/target/s3proxy.classpath"), "roistream-s3proxy");
    }

    /** The registry's executable jar, {@code quarkus-run.jar} of its Quarkus application. */
    public Path registryJar() {
        Path jar = root.resolve("infra/registry/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw missing(jar, "roistream-registry");
        }
        return jar;
    }

    private String readClasspath(Path file, String module) {
        if (!Files.isRegularFile(file)) {
            throw missing(file, module);
        }
        try {
            String classpath = Files.readString(file).strip();
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new StackException("The classpath in " + file + " names " + entry
                            + ", which no longer exists: rebuild with `mvn install` in " + root);
                }
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private StackException missing(Path file, String module) {
        return new StackException("Missing " + file + " (built by " + module + "): build the stack first with"
                + " `mvn -B -q install -DskipTests -pl infra/stack -am` in " + root);
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = StackArtifacts.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("io/roistream/stack/build.properties is missing from the jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read io/roistream/stack/build.properties", e);
        }
        return properties;
    }
}
