package io.roistream.testkit;

import io.roistream.stack.probe.KafkaProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A KRaft cluster inside the test JVM (Kafka's {@code KafkaClusterTestKit}). One broker runs as a
 * combined broker and controller; several brokers run beside one dedicated controller, so that any
 * broker can be stopped and started again. Brokers listen and advertise on 127.0.0.1; the test kit
 * reserves each listener's port for the cluster's life, so a restarted broker comes back at the
 * same address. Brokers heartbeat every second and are fenced after 6 s of silence.
 */
final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final String BROKER_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(1);

    private final KafkaClusterTestKit cluster;
    private final Map<Integer, Integer> clientPorts;

    private EmbeddedKafkaCluster(KafkaClusterTestKit cluster, Map<Integer, Integer> clientPorts) {
        this.cluster = cluster;
        this.clientPorts = clientPorts;
    }

    /** Formats and starts a cluster of {@code brokers} brokers and waits until every broker is ready. */
    static EmbeddedKafkaCluster start(int brokers) throws Exception {
        boolean combined = brokers == 1;
        Map<Integer, Map<String, String>> perServer = new LinkedHashMap<>();
        for (int id = 0; id < brokers; id++) {
            String listeners = BROKER_LISTENER + "://127.0.0.1:0"
                    + (combined ? "," + CONTROLLER_LISTENER + "://127.0.0.1:0" : "");
            perServer.put(id, Map.of("listeners", listeners));
        }
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(combined)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .setBrokerListenerName(ListenerName.normalised(BROKER_LISTENER))
                .setControllerListenerName(ListenerName.normalised(CONTROLLER_LISTENER))
                .setPerServerProperties(perServer)
                .build();
        String replicas = Integer.toString(Math.min(3, brokers));
        String minIsr = Integer.toString(Math.min(2, brokers));
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", replicas)
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", replicas)
                .setConfigProp("transaction.state.log.min.isr", minIsr)
                .setConfigProp("transaction.state.log.num.partitions", "5")
                .setConfigProp("share.coordinator.state.topic.replication.factor", replicas)
                .setConfigProp("share.coordinator.state.topic.min.isr", minIsr)
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("broker.heartbeat.interval.ms", "1000")
                .setConfigProp("broker.session.timeout.ms", "6000")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
            cluster.brokers().forEach((id, broker) ->
                    clientPorts.put(id, broker.boundPort(ListenerName.normalised(BROKER_LISTENER))));
            EmbeddedKafkaCluster started = new EmbeddedKafkaCluster(cluster, clientPorts);
            started.awaitBrokers();
            return started;
        } catch (Exception | Error e) {
            try {
                cluster.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Every broker's client address, {@code 127.0.0.1:PORT,...}. */
    String bootstrapServers() {
        return clientPorts.values().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    List<Integer> brokerIds() {
        return new ArrayList<>(clientPorts.keySet());
    }

    void stopBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        broker.shutdown();
        broker.awaitShutdown();
    }

    void startBroker(int brokerId) {
        broker(brokerId);
        cluster.restartBroker(brokerId, Map.of());
        try {
            cluster.waitForReadyBrokers();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Broker " + brokerId + " did not come back", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting broker " + brokerId, e);
        }
        awaitBrokers();
    }

    private BrokerServer broker(int brokerId) {
        BrokerServer broker = cluster.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + "; the brokers are " + clientPorts.keySet());
        }
        return broker;
    }

    /** Waits until a client sees every broker. */
    private void awaitBrokers() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!KafkaProbe.ready(bootstrapServers(), clientPorts.size(), Duration.ofSeconds(5))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The cluster at " + bootstrapServers() + " did not report "
                        + clientPorts.size() + " brokers within " + READY_TIMEOUT);
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
