package io.roistream.cli.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The four roistream services: the module folder each is built in and its main class. A module's
 * classpath is its {@code target/classes} followed by the {@code target/runtime.classpath} file
 * written at build time.
 */
public enum ServiceModule {
    /** Kafka Streams coordinator: label counting, training triggers, routing. */
    COORDINATOR("coordinator", "services/coordinator", "io.roistream.coordinator.CoordinatorMain"),
    /** Pseudo-labelling worker. */
    LABELER("labeler", "labeler-worker", "io.roistream.labeler.LabelerMain"),
    /** RPN training worker. */
    TRAINER("trainer", "trainer-worker", "io.roistream.trainer.TrainerMain"),
    /** Answering worker. */
    INFERENCE("inference", "inference-worker", "io.roistream.inference.InferenceMain");

    private final String id;
    private final String folder;
    private final String mainClass;

    ServiceModule(String id, String folder, String mainClass) {
        this.id = id;
        this.folder = folder;
        this.mainClass = mainClass;
    }

    /** Short name, used for log files and messages. */
    public String id() {
        return id;
    }

    /** The fully qualified main class. */
    public String mainClass() {
        return mainClass;
    }

    /** The module folder under the roistream root. */
    public Path folder(Path root) {
        return root.resolve(folder);
    }

    /** The built classpath of this module under {@code root}; fails when the module is not built. */
    public List<Path> classpath(Path root) {
        Path target = folder(root).resolve("target");
        Path classes = target.resolve("classes");
        Path classpathFile = target.resolve("runtime.classpath");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(id + " is not built (no " + classes + " or " + classpathFile
                    + "); run: mvn -B -DskipTests install");
        }
        List<Path> entries = new ArrayList<>();
        entries.add(classes);
        try {
            Arrays.stream(Files.readString(classpathFile).trim().split(java.io.File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .map(Path::of)
                    .forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathFile, e);
        }
        return entries;
    }

    /** A launch of this service from its built classpath under {@code root}. */
    public ServiceLaunch launch(Path root, int metricsPort, java.util.Map<String, String> config, Path logFile) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(config);
        all.put("metrics.port", Integer.toString(metricsPort));
        return new ServiceLaunch(id, classpath(root), mainClass, List.of("-Dai.djl.offline=true"),
                ServiceLaunch.flags(all), metricsPort, logFile);
    }
}
