package io.roistream.runtime.kafka;

import static io.roistream.runtime.kafka.LoopTestKit.question;
import static io.roistream.runtime.kafka.LoopTestKit.serialized;
import static io.roistream.runtime.kafka.LoopTestKit.taskFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.events.DeadLetter;
import io.roistream.events.Question;
import io.roistream.runtime.metrics.HealthStatus;
import io.roistream.runtime.retry.RetryPolicy;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.RunningStack;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A registry outage is waited out: nothing is dead-lettered, everything is processed once it is back. */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class RegistryOutageIntegrationTest {

    private static final String GROUP = "outage-workers";

    @Test
    void unreachableRegistryPausesTheLoopInsteadOfDeadLettering(RunningStack running) throws Exception {
        StackEndpoints stack = running.endpoints();
        LoopTestKit.createTopics(stack, Topics.QUESTIONS, Topics.INFERENCE_TASKS, Topics.DEAD_LETTERS);
        Map<String, Object> serde = LoopTestKit.serdeConfig(stack);
        List<Long> offsets = LoopTestKit.produceRaw(stack, Topics.QUESTIONS.name(), List.of(
                serialized(Topics.QUESTIONS, serde, "o-1", question("o-1")),
                serialized(Topics.QUESTIONS, serde, "o-2", question("o-2")),
                serialized(Topics.QUESTIONS, serde, "o-3", question("o-3"))));
        // the output schema is registered while the registry is up, as a deployed stage would have it
        serialized(Topics.INFERENCE_TASKS, serde, "o-0", taskFor(question("o-0")));
        serialized(Topics.DEAD_LETTERS, serde, "x", DeadLetter.newBuilder().setOriginalTopic("t").setPartition(0)
                .setOffset(0L).setStage("inference").setErrorClass("E").setErrorMessage("m").setAttempt(1)
                .setFailedAt(Instant.now()).build());

        running.stopRegistry();
        ProcessingLoopSettings settings = ProcessingLoopSettings.defaults("inference", stack.bootstrapServers(), GROUP,
                stack.schemaRegistryUrl()).withOutageBackoff(
                        new RetryPolicy(Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofMillis(300), 2.0));
        ProcessingLoop<Question> loop = ProcessingLoop.builder(settings, Topics.QUESTIONS, BatchProcessor.perRecord(
                input -> List.of(OutputRecord.of(Topics.INFERENCE_TASKS, input.key(), taskFor(input.value()))))).build();
        Thread thread = LoopTestKit.start(loop);
        try {
            long deadline = System.nanoTime() + LoopTestKit.PATIENCE.toNanos();
            while (outages(loop) < 3) {
                if (System.nanoTime() > deadline) {
                    fail("the loop did not meet the registry outage");
                }
                Thread.sleep(50);
            }
            assertEquals(HealthStatus.UP, loop.health().read().status());
            running.startRegistry();
            LoopTestKit.awaitCommitted(stack, GROUP, Topics.QUESTIONS.name(), offsets.get(2) + 1);
        } finally {
            LoopTestKit.stop(loop, thread);
        }
        assertEquals(List.of("o-1", "o-2", "o-3"), ProcessingLoopIntegrationTest.committedTaskIds(stack, serde));
        assertTrue(ProcessingLoopIntegrationTest.deadLettersByKey(stack).isEmpty(), "nothing dead-lettered");
    }

    private static double outages(ProcessingLoop<?> loop) {
        return loop.metrics().registry().scrape().stream()
                .filter(snapshot -> snapshot.getMetadata().getName().equals("roistream_outages"))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(point -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) point).getValue())
                .sum();
    }
}
