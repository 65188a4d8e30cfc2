package io.roistream.stack.probe;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Checks that a Kafka cluster answers metadata requests with at least the expected number of brokers. */
public final class KafkaProbe {

    private KafkaProbe() {}

    /** Whether the cluster at {@code bootstrapServers} reports {@code brokers} or more brokers within {@code timeout}. */
    public static boolean ready(String bootstrapServers, int brokers, Duration timeout) {
        int millis = (int) timeout.toMillis();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(config)) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                    .nodes().get(millis, TimeUnit.MILLISECONDS).size();
            return nodes >= brokers;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
