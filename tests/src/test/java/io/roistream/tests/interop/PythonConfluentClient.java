package io.roistream.tests.interop;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code python3-confluent-kafka} legacy {@code AvroProducer} and {@code AvroConsumer},
 * run by {@code /usr/bin/python3} from {@code src/test/python}.
 */
final class PythonConfluentClient implements ConfluentClient {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of("src", "test", "python");
    private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public void requireInstalled() throws IOException, InterruptedException {
        try {
            ExternalProcess.run(List.of(PYTHON, "-c", "import confluent_kafka.avro, avro, requests"), SCRIPTS,
                    Duration.ofSeconds(30));
        } catch (IOException | AssertionError e) {
            throw new AssertionError("Confluent's Python client is not usable with " + PYTHON + ": install it with "
                    + "`apt-get install -y python3-confluent-kafka python3-avro python3-requests`", e);
        }
    }

    @Override
    public List<String> consume(StackEndpoints stack, String topic, int count, Duration timeout)
            throws IOException, InterruptedException {
        return ExternalProcess.run(List.of(PYTHON, "confluent_avro.py", "consume", stack.bootstrapServers(),
                stack.schemaRegistryUrl(), topic, Integer.toString(count), Long.toString(timeout.toSeconds())),
                SCRIPTS, timeout.plusSeconds(15)).stdoutLines();
    }

    @Override
    public void produce(StackEndpoints stack, String topic, Path schemaFile, Path recordsFile)
            throws IOException, InterruptedException {
        ExternalProcess.run(List.of(PYTHON, "confluent_avro.py", "produce", stack.bootstrapServers(),
                stack.schemaRegistryUrl(), topic, schemaFile.toAbsolutePath().toString(),
                recordsFile.toAbsolutePath().toString()), SCRIPTS, PRODUCE_TIMEOUT);
    }

    @Override
    public String toString() {
        return "python3-confluent-kafka";
    }
}
