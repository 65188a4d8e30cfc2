package io.roistream.stack;

import io.roistream.stack.process.PidFile;
import java.nio.file.Path;
import java.util.List;

/**
 * Where everything of a stack lives under its data directory: {@code stack.properties} (ports,
 * credentials, last start-up times), {@code conf/}, {@code logs/<service>.log},
 * {@code run/<service>.pid}, and one data directory per service.
 */
final class StackLayout {

    /** Marker argument naming the service, on each process's command line. */
    static final String SERVICE_PROPERTY = "roistream.stack.service";
    /** Marker argument naming the data directory, on each process's command line. */
    static final String DIR_PROPERTY = "roistream.stack.dir";

    private final Path dataDir;

    StackLayout(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    Path dataDir() {
        return dataDir;
    }

    Path stateFile() {
        return dataDir.resolve("stack.properties");
    }

    Path log4jConfig() {
        return dataDir.resolve("conf").resolve("log4j2.xml");
    }

    Path log(StackService service) {
        return dataDir.resolve("logs").resolve(service.id() + ".log");
    }

    PidFile pidFile(StackService service) {
        return new PidFile(dataDir.resolve("run").resolve(service.id() + ".pid"));
    }

    Path serviceDir(StackService service) {
        return dataDir.resolve(service.id());
    }

    /** The arguments that mark a process as this stack's {@code service}. */
    List<String> markers(StackService service) {
        return List.of("-D" + SERVICE_PROPERTY + "=" + service.id(), "-D" + DIR_PROPERTY + "=" + dataDir);
    }
}
