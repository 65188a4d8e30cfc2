package io.roistream.tests.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BareLoopMain} in a child JVM started as the workers are (this JVM's {@code java}, the
 * same {@code -Dai.djl.offline=true}, this JVM's environment: the allocator settings included), on
 * this test's classpath; its diagnostics go to a log file. Requests and replies are lines.
 */
final class BareLoopProcess implements AutoCloseable {

    /** What one request measured in the child. */
    record Reply(int items, double seconds, double threadCpuSeconds, PageFaults faults, Map<String, Integer> outcomes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final PrintStream requests;
    private final BufferedReader replies;

    private BareLoopProcess(Process process) {
        this.process = process;
        this.requests = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts a bare loop with {@code arguments} (see {@link BareLoopMain}), its diagnostics in {@code log}. */
    static BareLoopProcess start(List<String> arguments, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", BareLoopMain.class.getName()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new BareLoopProcess(process);
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code request} and waits for its reply. */
    Reply request(String request) throws IOException {
        requests.println(request);
        String line = replies.readLine();
        if (line == null) {
            throw new IOException("the bare loop ended without answering '" + request + "' (exit "
                    + (process.isAlive() ? "-" : process.exitValue()) + "; see its log)");
        }
        JsonNode reply = JSON.readTree(line);
        Map<String, Integer> outcomes = new TreeMap<>();
        reply.get("outcomes").fields().forEachRemaining(entry -> outcomes.put(entry.getKey(), entry.getValue().asInt()));
        return new Reply(reply.get("items").asInt(), reply.get("seconds").asDouble(),
                reply.get("thread_cpu_seconds").asDouble(),
                new PageFaults(reply.get("minor_faults").asLong(), reply.get("major_faults").asLong()), outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        requests.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
