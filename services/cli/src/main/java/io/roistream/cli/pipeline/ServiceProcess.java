package io.roistream.cli.pipeline;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One roistream service running as a child JVM ({@code java -cp ... <main> --k=v...}), its stdout
 * and stderr appended to a log file. {@link #awaitHealthy} polls
 * {@code http://localhost:<metrics port>/health}; {@link #stop} asks it to end (SIGTERM, so its
 * shutdown hook runs) and forces it after a grace period; {@link #kill} ends it at once, as a crash
 * would. Closing stops it. Until it is stopped or killed, a shutdown hook of this JVM stops it the
 * same way, so a child does not outlive its parent (a SIGTERM while the services start, an exit
 * before anyone closed it).
 */
public final class ServiceProcess implements AutoCloseable {

    /** How long {@link #close()} waits after SIGTERM before forcing. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    private static final Duration POLL = Duration.ofMillis(250);

    private final ServiceLaunch launch;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private Thread exitHook;

    private ServiceProcess(ServiceLaunch launch, Process process) {
        this.launch = launch;
        this.process = process;
    }

    /** Starts the launch; the log file's folder is created and the log appended to. */
    public static ServiceProcess start(ServiceLaunch launch) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-cp");
        command.add(launch.classpath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.addAll(launch.jvmOptions());
        command.add(launch.mainClass());
        command.addAll(launch.arguments());
        try {
            Path parent = launch.logFile().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
                    .start();
            ServiceProcess service = new ServiceProcess(launch, process);
            service.addExitHook();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.name() + " (" + launch.mainClass() + ")", e);
        }
    }

    /** The service's short name. */
    public String name() {
        return launch.name();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** The port whose {@code /health} this service answers. */
    public int metricsPort() {
        return launch.metricsPort();
    }

    /** Where stdout and stderr go. */
    public Path logFile() {
        return launch.logFile();
    }

    /** Whether the child still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@code /health} answers 200 right now. */
    public boolean isHealthy() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + launch.metricsPort() + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet (or any more): the caller keeps polling or reports
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@code /health} answers 200; fails at once if the child exits, or after
     * {@code timeout}, naming the log file.
     */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(launch.name() + " exited with status " + process.exitValue()
                        + " before it was healthy; see " + launch.logFile());
            }
            if (isHealthy()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(launch.name() + " not healthy on port " + launch.metricsPort()
                        + " after " + timeout.toSeconds() + " s; see " + launch.logFile());
            }
            sleep(POLL);
        }
    }

    /**
     * Sends SIGTERM, waits up to {@code grace} for the child to end, then forces it.
     *
     * @return the exit status (143 after a SIGTERM a JVM obeyed, 137 after forcing)
     */
    public int stop(Duration grace) {
        terminate(grace);
        removeExitHook();
        return exitValue();
    }

    /** Sends SIGTERM without waiting, so several services can shut down side by side before {@link #stop}. */
    public void destroyAsync() {
        process.destroy();
    }

    /** Ends the child at once (SIGKILL: no shutdown hook runs), as a crash would; returns the exit status. */
    public int kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        removeExitHook();
        return exitValue();
    }

    /** Stops the child with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    @Override
    public String toString() {
        return launch.name() + "[pid " + process.pid() + ", metrics " + launch.metricsPort() + "]";
    }

    /** SIGTERM, up to {@code grace} for the child to end, then SIGKILL; nothing if it has ended. */
    private void terminate(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
    }

    /** Registers the hook that stops the child when this JVM exits; kills the child if the JVM already exits. */
    private synchronized void addExitHook() {
        Thread hook = new Thread(() -> terminate(DEFAULT_GRACE), "stop-" + launch.name() + "-on-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            kill();
            throw new IllegalStateException("not starting " + launch.name() + ": this JVM is shutting down", shuttingDown);
        }
        exitHook = hook;
    }

    /** Unregisters the exit hook once the child has ended; during the JVM's shutdown the hook stays. */
    private synchronized void removeExitHook() {
        if (exitHook == null || process.isAlive()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hooks already run (stopped from another shutdown hook): nothing to remove
        }
        exitHook = null;
    }

    /** Whether this JVM's shutdown hook for the child is still registered (for tests). */
    synchronized boolean hasExitHook() {
        return exitHook != null;
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private int exitValue() {
        if (process.isAlive()) {
            throw new IllegalStateException(launch.name() + " (pid " + process.pid() + ") did not end");
        }
        return process.exitValue();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a service to become healthy", e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String nullDevice() {
        return System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null";
    }
}
