package io.roistream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's event round trip, on a real broker and registry: every event type comes back equal. */
@WithEmbeddedStack(objectStore = false)
final class EventRoundTripTest {

    @BeforeAll
    static void createTopics(StackEndpoints endpoints) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers()))) {
            admin.createTopics(Topics.all().stream()
                    .map(topic -> topic.newTopic(Optional.of(2), Optional.of((short) 1)))
                    .toList()).all().get();
        }
    }

    @Test
    void everyEventTypeRoundTripsThroughBrokerAndRegistry(StackEndpoints endpoints) {
        List<EventRoundTrip.Result> results = new EventRoundTrip(endpoints).run();

        assertEquals(Topics.all().size(), results.size());
        assertEquals(Topics.all().stream().map(t -> t.name()).toList(), results.stream().map(EventRoundTrip.Result::topic).toList());
        results.forEach(result -> assertTrue(result.equal(), () -> result.topic() + " came back different"));
    }
}
