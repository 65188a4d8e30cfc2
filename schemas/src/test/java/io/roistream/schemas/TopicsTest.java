package io.roistream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void allTopicsAreListedOnceUnderTheRoiPrefix() {
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        assertEquals(List.of("roi.label-requests", "roi.pseudo-labels", "roi.training-triggers", "roi.checkpoints",
                "roi.questions", "roi.inference-tasks", "roi.answers", "roi.dead-letters"), names);
        assertEquals(names.size(), Set.copyOf(names).size());
    }

    @Test
    void onlyTheCheckpointCatalogueIsCompacted() {
        Set<String> compacted = Topics.all().stream().filter(Topic::compacted).map(Topic::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("roi.checkpoints"), compacted);
    }

    @Test
    void eachTopicCarriesADistinctEventType() {
        Set<Class<?>> types = Topics.all().stream().map(Topic::valueType).collect(Collectors.toSet());
        assertEquals(Topics.all().size(), types.size());
        assertEquals("io.roistream.events.RoiAnswer", Topics.ANSWERS.valueSchema().getFullName());
    }

    @Test
    void subjectsFollowTheTopicNameStrategy() {
        assertEquals("roi.questions-key", Topics.QUESTIONS.keySubject());
        assertEquals("roi.questions-value", Topics.QUESTIONS.valueSubject());
    }

    @Test
    void newTopicSetsTheCleanupPolicyOfCompactedTopics() {
        NewTopic checkpoints = Topics.CHECKPOINTS.newTopic(Optional.of(3), Optional.of((short) 1));
        assertEquals(Map.of("cleanup.policy", "compact"), checkpoints.configs());
        assertEquals(3, checkpoints.numPartitions());
        NewTopic answers = Topics.ANSWERS.newTopic(Optional.empty(), Optional.empty());
        assertTrue(answers.configs() == null || answers.configs().isEmpty());
        assertEquals("roi.answers", answers.name());
    }
}
