package io.roistream.testkit;

import io.roistream.stack.StackEndpoints;
import java.util.List;

/**
 * The stack a {@link WithEmbeddedStack} test class runs against: its endpoints, and control over
 * the registry and the brokers for tests of failures. Resolvable as a test parameter.
 */
public interface RunningStack extends AutoCloseable {

    /** Where the services answer now. */
    StackEndpoints endpoints();

    /** Stops the schema registry (clients then get connection errors). */
    void stopRegistry();

    /** Starts the schema registry again on the same port with the same storage, so schema ids keep their values. */
    void startRegistry();

    /** Ids of the Kafka brokers. */
    List<Integer> brokerIds();

    /** Shuts one broker down (a controlled shutdown); the others keep serving. */
    void stopBroker(int brokerId);

    /** Starts a stopped broker again on its former port and waits until the cluster sees every broker. */
    void startBroker(int brokerId);

    /** Tears the whole stack down. */
    @Override
    void close();
}
