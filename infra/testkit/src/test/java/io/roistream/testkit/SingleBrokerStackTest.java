package io.roistream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.stack.StackEndpoints;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One broker, the object store and the registry, each used for real; the registry restarts with its ids. */
@WithEmbeddedStack
class SingleBrokerStackTest {

    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Roi\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";

    private static StackEndpoints fromBeforeAll;
    private final StackEndpoints stack;

    SingleBrokerStackTest(StackEndpoints stack) {
        this.stack = stack;
    }

    @BeforeAll
    static void rememberEndpoints(StackEndpoints endpoints) {
        fromBeforeAll = endpoints;
    }

    @Test
    void everyServiceListensOnLoopback(StackEndpoints endpoints) throws Exception {
        assertEquals(fromBeforeAll, endpoints);
        assertEquals(stack, endpoints);
        assertTrue(endpoints.bootstrapServers().startsWith("127.0.0.1:"), endpoints::toString);
        assertTrue(endpoints.schemaRegistryUrl().startsWith("http://127.0.0.1:"), endpoints::toString);
        assertTrue(endpoints.schemaRegistryUrl().endsWith("/apis/ccompat/v7"), endpoints::toString);
        assertTrue(endpoints.objectStoreEndpoint().startsWith("http://127.0.0.1:"), endpoints::toString);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers()))) {
            for (Node node : admin.describeCluster().nodes().get()) {
                assertEquals("127.0.0.1", node.host(), "advertised host of broker " + node.id());
            }
        }
    }

    @Test
    void producesAndConsumes() throws Exception {
        StackClients.createTopic(stack, "single", 2, (short) 1);
        String value = StackClients.produce(stack, "single");
        assertTrue(StackClients.consumes(stack, "single", value));
    }

    @Test
    void storesAndReadsAnObject() throws Exception {
        assertEquals("attention map", StackClients.putAndGet(stack, "maps", "attention map"));
    }

    @Test
    void registryKeepsSchemaIdsAcrossARestart(RunningStack running) throws Exception {
        SchemaRegistryClient registry = new SchemaRegistryClient(stack.schemaRegistryUrl());
        int id = registry.register("roi-value", SCHEMA);
        assertTrue(registry.schemaById(id).contains("Roi"));

        running.stopRegistry();
        try {
            assertThrows(IOException.class, () -> registry.schemaById(id));
        } finally {
            running.startRegistry(); // the other tests of the class share this stack
        }

        assertEquals(stack, running.endpoints());
        assertTrue(registry.schemaById(id).contains("Roi"));
        assertEquals(id, registry.register("roi-value", SCHEMA));
    }

    /** Nested classes share the stack of the class around them. */
    @Nested
    class NestedTests {

        @Test
        void getTheSameStack(StackEndpoints endpoints, RunningStack running) {
            assertEquals(stack, endpoints);
            assertEquals(stack, running.endpoints());
        }
    }
}
