package io.roistream.tests.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a third-party client as a process with a time limit and captures what it printed. */
final class ExternalProcess {

    private ExternalProcess() {
    }

    /**
     * What a finished process printed.
     *
     * @param stdoutLines its standard output, line by line
     * @param stderr      its standard error
     */
    record Output(List<String> stdoutLines, String stderr) {
    }

    /**
     * Runs {@code command} in {@code workDir}; fails the test when it runs past {@code timeout} or
     * exits with a non-zero status, quoting its standard error.
     */
    static Output run(List<String> command, Path workDir, Duration timeout) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("roistream-interop-", ".out");
        Path stderr = Files.createTempFile("roistream-interop-", ".err");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " ran longer than " + timeout
                        + "; stderr:\n" + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            String errors = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue()
                        + "; stderr:\n" + errors);
            }
            return new Output(Files.readAllLines(stdout, StandardCharsets.UTF_8), errors);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
