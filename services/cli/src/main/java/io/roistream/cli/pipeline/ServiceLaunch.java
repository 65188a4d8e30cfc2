package io.roistream.cli.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one service as a child JVM.
 *
 * @param name        short name, for messages
 * @param classpath   classpath entries in order
 * @param mainClass   fully qualified main class
 * @param jvmOptions  options before the main class (e.g. {@code -Dai.djl.offline=true})
 * @param arguments   program arguments (e.g. {@code --key=value} flags)
 * @param metricsPort the port whose {@code /health} answers 200 when the service is up
 * @param logFile     where stdout and stderr go
 */
public record ServiceLaunch(String name, List<Path> classpath, String mainClass, List<String> jvmOptions,
                            List<String> arguments, int metricsPort, Path logFile) {

    /** Checks and copies the lists. */
    public ServiceLaunch {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(logFile, "logFile");
        classpath = List.copyOf(classpath);
        jvmOptions = List.copyOf(jvmOptions);
        arguments = List.copyOf(arguments);
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("empty classpath for " + name);
        }
        if (metricsPort < 1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port of " + name + " out of range: " + metricsPort);
        }
    }

    /** {@code --key=value} flags of a configuration, in its iteration order. */
    public static List<String> flags(Map<String, String> config) {
        return config.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toList();
    }
}
