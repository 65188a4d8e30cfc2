package io.roistream.stack.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts programs that outlive this JVM (own session via {@code setsid} where available, stdin from
 * {@code /dev/null}, stdout and stderr appended to a log file) and stops them: SIGTERM first,
 * SIGKILL after a grace period.
 */
public final class DetachedProcesses {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final File DEV_NULL = new File("/dev/null");

    private DetachedProcesses() {}

    /**
     * Starts {@code command} in {@code workingDir}, appending its output to {@code logFile}.
     *
     * @return the started process
     */
    public static ProcessHandle start(List<String> command, Path workingDir, Path logFile) {
        List<String> words = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            words.add(SETSID.toString());
        }
        words.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(words)
                    .directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0) + " (output: " + logFile + ")", e);
        }
    }

    /**
     * Runs {@code command} to completion, appending its output to {@code logFile}.
     *
     * @return the exit code
     */
    public static int run(List<String> command, Path workingDir, Path logFile, Duration timeout) {
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Command did not finish within " + timeout + ": " + command
                        + " (output: " + logFile + ")");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0) + " (output: " + logFile + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    /**
     * Stops a process: SIGTERM, then SIGKILL if it is still alive after {@code grace}.
     *
     * @return whether it stopped within the grace period
     */
    public static boolean stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, grace)) {
            return true;
        }
        process.destroyForcibly();
        if (!awaitExit(process, Duration.ofSeconds(10))) {
            throw new IllegalStateException("Process " + process.pid() + " survived SIGKILL for 10 s");
        }
        return false;
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for process " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping process " + process.pid(), e);
        }
    }

    /** The last {@code lines} lines of a log file, for error messages; empty if it does not exist. */
    public static String tail(Path logFile, int lines) {
        if (!Files.isRegularFile(logFile)) {
            return "";
        }
        try {
            List<String> all = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + logFile, e);
        }
    }
}
