package io.roistream.stack;

import io.roistream.stack.probe.HttpProbe;
import io.roistream.stack.process.JavaCommand;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the registry (Apicurio Registry 2.4.2, the roistream-registry Quarkus application) and tell
 * that it is ready; shared by the stack and the test kit.
 */
public final class RegistryServer {

    /** Path of the Confluent-compatible API under the registry's base URL. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

    private RegistryServer() {}

    /**
     * The registry's command: HTTP on 127.0.0.1:{@code port}, H2 storage in files under
     * {@code storageDir} (so ids survive restarts), logs at WARN, classes from the class-data
     * sharing archive built beside the jar when there is one.
     *
     * @param runJar the application's {@code quarkus-run.jar}
     * @param markers extra {@code -Dname=value} arguments that identify the process
     */
    public static JavaCommand command(Path runJar, int port, Path storageDir, String... markers) {
        Path classData = runJar.resolveSibling("app-cds.jsa");
        return JavaCommand.builder()
                .jvmOptions("-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                .jvmOptions(Files.isRegularFile(classData)
                        ? new String[] {"-XX:SharedArchiveFile=" + classData, "-Xshare:auto"}
                        : new String[0])
                .jvmOptions(markers)
                .systemProperty("registry.http.port", port)
                .systemProperty("registry.datasource.url",
                        "jdbc:h2:file:" + storageDir.toAbsolutePath().resolve("registry"))
                .jar(runJar)
                .build();
    }

    /** The Confluent-compatible base URL of a registry on 127.0.0.1:{@code port}. */
    public static String confluentApiUrl(int port) {
        return "http://127.0.0.1:" + port + CONFLUENT_API_PATH;
    }

    /** Whether the registry on {@code port} reports ready and serves the Confluent API. */
    public static boolean isReady(int port) {
        Duration timeout = Duration.ofSeconds(2);
        return HttpProbe.isOk(URI.create("http://127.0.0.1:" + port + "/health/ready"), timeout)
                && HttpProbe.isOk(URI.create(confluentApiUrl(port) + "/subjects"), timeout);
    }
}
