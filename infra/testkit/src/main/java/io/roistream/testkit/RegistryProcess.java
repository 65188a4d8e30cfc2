package io.roistream.testkit;

import io.roistream.stack.RegistryServer;
import io.roistream.stack.StackArtifacts;
import io.roistream.stack.probe.Ports;
import io.roistream.stack.probe.Readiness;
import io.roistream.stack.process.DetachedProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The schema registry (the roistream-registry application) as a child process of the test JVM, on
 * 127.0.0.1 with its H2 database in files under a directory of its own: stopping and starting it
 * again keeps every schema and id. Its output goes to {@code registry.log} in that directory.
 */
public final class RegistryProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path storageDir;
    private static final int FREE_PORT_ATTEMPTS = 3;

    private final int port;
    private Process process;
    private Thread shutdownHook;

    private RegistryProcess(Path storageDir, int port) {
        this.storageDir = storageDir.toAbsolutePath().normalize();
        this.port = port;
    }

    /**
     * Starts a registry on a free port with its storage under {@code storageDir}, and waits until it
     * is ready. Another process may take the chosen port before the registry binds it (tests running
     * side by side); then a new port is tried, a few times at most.
     */
    public static RegistryProcess start(Path storageDir) {
        IllegalStateException portTaken = null;
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            try {
                return start(storageDir, Ports.freePort());
            } catch (IllegalStateException e) {
                if (!lostItsPort(e)) {
                    throw e;
                }
                portTaken = e;
            }
        }
        throw portTaken;
    }

    private static boolean lostItsPort(IllegalStateException failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("seems to be in use") || message.contains("is taken");
    }

    /** Starts a registry on {@code port} with its storage under {@code storageDir}, and waits until it is ready. */
    public static RegistryProcess start(Path storageDir, int port) {
        RegistryProcess registry = new RegistryProcess(storageDir, port);
        registry.start();
        return registry;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String confluentApiUrl() {
        return RegistryServer.confluentApiUrl(port);
    }

    /** The registry's output. */
    public Path log() {
        return storageDir.resolve("registry.log");
    }

    /** Whether the process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the process again (same port, same storage) and waits until it is ready; does nothing
     * if it runs.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("Cannot start the registry: port " + port + " on 127.0.0.1 is taken");
        }
        Path jar = StackArtifacts.locate().registryJar();
        try {
            Files.createDirectories(storageDir);
            process = new ProcessBuilder(RegistryServer.command(jar, port, storageDir,
                            "-Droistream.testkit.registry=" + storageDir).words())
                    .directory(storageDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the registry from " + jar, e);
        }
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "roistream-registry-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Readiness.await("schema registry on port " + port, started.toHandle(), READY_TIMEOUT,
                    () -> RegistryServer.isReady(port));
        } catch (Readiness.NotReadyException e) {
            stop();
            throw new IllegalStateException(e.getMessage() + "; its output ends with:" + System.lineSeparator()
                    + DetachedProcesses.tail(log(), 30), e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s); does nothing if it is not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        DetachedProcesses.stop(process.toHandle(), STOP_GRACE);
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        process = null;
        shutdownHook = null;
    }

    /** Stops the process. */
    @Override
    public void close() {
        stop();
    }
}
