package io.roistream.tests.interop;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A third-party Confluent-format Avro client run as a process: it consumes records (printing them
 * as JSON lines, timestamps as epoch milliseconds) and produces records (registering the value
 * schema, with Avro string keys).
 */
interface ConfluentClient {

    /** Fails the test, saying what CI must install, when the client is not installed. */
    void requireInstalled() throws IOException, InterruptedException;

    /** Reads {@code count} records of {@code topic} from its start; one JSON line {key, value} each. */
    List<String> consume(StackEndpoints stack, String topic, int count, Duration timeout)
            throws IOException, InterruptedException;

    /** Writes the records of {@code recordsFile} (a JSON array of {key, value}) with {@code schemaFile}. */
    void produce(StackEndpoints stack, String topic, Path schemaFile, Path recordsFile)
            throws IOException, InterruptedException;
}
