package io.roistream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.stack.StackEndpoints;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Three brokers without registry or object store: replicated records survive a stopped broker. */
@WithEmbeddedStack(brokers = 3, registry = false, objectStore = false)
class ThreeBrokerStackTest {

    @Test
    void runsThreeBrokersAndNothingElse(StackEndpoints stack, RunningStack running) throws Exception {
        assertEquals(List.of(0, 1, 2), running.brokerIds());
        assertEquals(3, stack.bootstrapServers().split(",").length);
        assertNull(stack.schemaRegistryUrl());
        assertNull(stack.objectStoreEndpoint());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertEquals(3, admin.describeCluster().nodes().get().size());
        }
    }

    @Test
    void replicatedRecordsSurviveAStoppedBroker(StackEndpoints stack, RunningStack running) throws Exception {
        StackClients.createTopic(stack, "replicated", 3, (short) 3);
        String before = StackClients.produce(stack, "replicated");

        running.stopBroker(1);
        String during;
        try {
            during = StackClients.produce(stack, "replicated");
            assertTrue(StackClients.consumes(stack, "replicated", before));
            assertTrue(StackClients.consumes(stack, "replicated", during));
        } finally {
            running.startBroker(1); // the other tests of the class share this stack
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertEquals(3, admin.describeCluster().nodes().get().size());
        }
        String after = StackClients.produce(stack, "replicated");
        assertTrue(StackClients.consumes(stack, "replicated", after));
    }
}
