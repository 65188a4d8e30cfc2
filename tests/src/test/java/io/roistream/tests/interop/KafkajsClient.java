package io.roistream.tests.interop;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * npm {@code kafkajs@2.2.4} with {@code @kafkajs/confluent-schema-registry@3.9.0}, run by Node
 * from {@code src/test/js} (installed there with {@code npm ci}).
 */
final class KafkajsClient implements ConfluentClient {

    private static final Path SCRIPTS = Path.of("src", "test", "js");
    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(60);
    private static final String INSTALL = "install it with `npm ci --prefix tests/src/test/js` (Node 20 and the npm "
            + "registry; package-lock.json pins kafkajs 2.2.4 and @kafkajs/confluent-schema-registry 4.1.0)";

    @Override
    public void requireInstalled() throws IOException, InterruptedException {
        for (String module : List.of("kafkajs", "@kafkajs/confluent-schema-registry")) {
            if (!Files.isRegularFile(SCRIPTS.resolve("node_modules").resolve(module).resolve("package.json"))) {
                throw new AssertionError("npm module " + module + " is missing from "
                        + SCRIPTS.toAbsolutePath().resolve("node_modules") + ": " + INSTALL);
            }
        }
        try {
            ExternalProcess.run(List.of("node", "-e", "require('kafkajs'); require('@kafkajs/confluent-schema-registry')"),
                    SCRIPTS, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new AssertionError("cannot run `node` (Node 20 must be on the PATH), then " + INSTALL, e);
        }
    }

    @Override
    public List<String> consume(StackEndpoints stack, String topic, int count, Duration timeout)
            throws IOException, InterruptedException {
        return ExternalProcess.run(List.of("node", "consume-avro.js", stack.bootstrapServers(),
                stack.schemaRegistryUrl(), topic, Integer.toString(count), Long.toString(timeout.toMillis())),
                SCRIPTS, timeout.plusSeconds(15)).stdoutLines();
    }

    @Override
    public void produce(StackEndpoints stack, String topic, Path schemaFile, Path recordsFile)
            throws IOException, InterruptedException {
        ExternalProcess.run(List.of("node", "produce-avro.js", stack.bootstrapServers(), stack.schemaRegistryUrl(),
                topic, schemaFile.toAbsolutePath().toString(), recordsFile.toAbsolutePath().toString()),
                SCRIPTS, PRODUCE_TIMEOUT);
    }

    @Override
    public String toString() {
        return "kafkajs";
    }
}
