package io.roistream.cli.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the demo's JVM in {@link ServiceProcessTest}: starts a {@link HealthyMain} child on
 * {@code --child.port} (its marker {@code --marker}, its log {@code --child.log}) with
 * {@link ServiceProcess}, waits until it is healthy, writes the child's pid to {@code --pid.file}
 * and then waits to be ended, never stopping the child itself.
 */
public final class ParentMain {

    private ParentMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            flags.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        int port = Integer.parseInt(flags.get("child.port"));
        List<Path> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        ServiceProcess child = ServiceProcess.start(new ServiceLaunch("child", classpath, HealthyMain.class.getName(),
                List.of(), ServiceLaunch.flags(Map.of("metrics.port", Integer.toString(port),
                        "marker", flags.get("marker"))), port, Path.of(flags.get("child.log"))));
        child.awaitHealthy(Duration.ofMinutes(1));
        Files.writeString(Path.of(flags.get("pid.file")), Long.toString(child.pid()));
        Thread.currentThread().join();
    }
}
