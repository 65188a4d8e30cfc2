package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.cli.pipeline.Pipeline;
import io.roistream.cli.pipeline.RoistreamHome;
import io.roistream.cli.pipeline.ServiceLaunch;
import io.roistream.cli.pipeline.ServiceModule;
import io.roistream.cli.pipeline.ServiceProcess;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed (SIGKILL, no shutdown hook) in the middle of a stream and started again
 * loses nothing and duplicates nothing: read with {@code isolation.level=read_committed}, every input
 * has exactly one output. The restarted process reuses the transactional id (so it fences and
 * aborts the dead one's open transaction) and the static group member id (so it takes the partition
 * back without waiting for the dead member's session to expire).
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class WorkerKillTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Duration START = Duration.ofMinutes(3);

    @BeforeAll
    static void provision(StackEndpoints stack) throws Exception {
        StackClient.provisioned(stack).close();
    }

    @Test
    void killedInferenceWorkerAnswersEveryQuestionExactlyOnce(StackEndpoints stack) throws Exception {
        int questions = 48;
        try (StackClient client = new StackClient(stack);
             TopicReader<RoiAnswer> answers = client.reader(Topics.ANSWERS)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < questions; i++) {
                String id = String.format(Locale.ROOT, "kill-question-%03d", i);
                long seed = 3_000 + i % 8;
                Question question = TestInputs.question(id, TestInputs.scene(seed), TestInputs.questionAbout(seed));
                client.send(Topics.INFERENCE_TASKS, id, TestInputs.task(question, null, "roistream-default-backbone"));
                ids.add(id);
            }
            ServiceLaunch launch = launch(stack, ServiceModule.INFERENCE, "inference-kill", 4);
            killMidStreamAndRestart(launch, answers, ids);
            assertExactlyOnce(answers, ids, "answers");
        }
    }

    @Test
    void killedLabelerLabelsEveryRequestExactlyOnce(StackEndpoints stack) throws Exception {
        int requests = 20;
        try (StackClient client = new StackClient(stack);
             TopicReader<PseudoLabel> labels = client.reader(Topics.PSEUDO_LABELS)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String id = String.format(Locale.ROOT, "kill-sample-%03d", i);
                long seed = 4_000 + i;
                client.send(Topics.LABEL_REQUESTS, id,
                        TestInputs.labelRequest(id, TestInputs.scene(seed), TestInputs.questionAbout(seed)));
                ids.add(id);
            }
            ServiceLaunch launch = launch(stack, ServiceModule.LABELER, "labeler-kill", 4);
            killMidStreamAndRestart(launch, labels, ids);
            assertExactlyOnce(labels, ids, "pseudo-labels");
        }
    }

    /**
     * Starts the worker, kills it once some (not all) outputs are committed, starts it again and waits
     * until every input has an output.
     */
    private static <V> void killMidStreamAndRestart(ServiceLaunch launch, TopicReader<V> outputs, List<String> ids) {
        int killAfter = Math.max(4, ids.size() / 5);
        try (ServiceProcess first = ServiceProcess.start(launch)) {
            first.awaitHealthy(START);
            outputs.awaitCount(killAfter, PATIENCE, "outputs before the kill", record -> "");
            int exit = first.kill();
            assertEquals(137, exit, first + " was not killed by SIGKILL");
        }
        int beforeRestart = distinctKeys(outputs.readToEnd());
        assertTrue(beforeRestart < ids.size(), "the worker finished all " + ids.size()
                + " inputs before it was killed: the kill was not mid-stream; send more inputs");
        try (ServiceProcess second = ServiceProcess.start(launch)) {
            second.awaitHealthy(START);
            outputs.awaitUntil(all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ids),
                    PATIENCE, "an output for each of " + ids.size() + " inputs after the restart", record -> "");
        }
    }

    private static <V> void assertExactlyOnce(TopicReader<V> outputs, List<String> ids, String what) {
        outputs.readToEnd(); // the worker has stopped: everything it committed is there
        Map<String, Long> perId = outputs.records().stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new, Collectors.counting()));
        Map<String, Long> once = new TreeMap<>();
        ids.forEach(id -> once.put(id, 1L));
        assertEquals(once, perId, what + " per input id (read_committed): every input exactly once");
    }

    private static int distinctKeys(List<? extends ConsumerRecord<String, ?>> records) {
        return (int) records.stream().map(ConsumerRecord::key).distinct().count();
    }

    /**
     * The worker with a fixed transactional id and static group membership, so that a restart fences
     * the killed instance at once.
     */
    private static ServiceLaunch launch(StackEndpoints stack, ServiceModule module, String name, int batch)
            throws IOException {
        Map<String, String> config = new LinkedHashMap<>(Pipeline.endpointsConfig(stack));
        config.put("model.threads", "1");
        config.put("kafka.group-id", name);
        config.put("kafka.transactional-id", name + "-0");
        config.put("kafka.consumer.group.instance.id", name + "-0");
        config.put("kafka.consumer.session.timeout.ms", "10000");
        config.put("kafka.batch.max-records", Integer.toString(batch));
        Path logs = WorkDirs.fresh("WorkerKillTest-" + module.id());
        return module.launch(RoistreamHome.find(), Ports.free(), config, logs.resolve(module.id() + ".log"));
    }
}
