package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.roistream.cli.pipeline.Pipeline;
import io.roistream.cli.pipeline.ServiceModule;
import io.roistream.events.AnswerMode;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.schemas.Topic;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole workflow on a real broker, registry and object store, with the four services as child
 * processes: label requests become pseudo-labels, the coordinator counts them into exactly one
 * training trigger, the trainer answers it with exactly one READY checkpoint, and then every question
 * gets exactly one answer pinned to that checkpoint, with RPN boxes and an overlay object. Bad inputs
 * of every kind, on every path, land in {@code roi.dead-letters} with their stage and reason, while
 * the good records around them are served.
 *
 * <p>Training threshold: labels the labeler DROPs (box too large, empty answer) do not count as new
 * usable labels, and how many it drops depends on the shipped backbone. So the coordinator triggers
 * at {@value #TRIGGER_LABELS} KEPT labels, just over half of the {@value #LABEL_REQUESTS} requests:
 * never twice, and when fewer are kept the test tops up with more requests until exactly enough are.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
class EndToEndTest {

    private static final int LABEL_REQUESTS = 24;
    private static final int TRIGGER_LABELS = LABEL_REQUESTS / 2 + 1;
    private static final int QUESTIONS = 12;
    private static final int MAX_TOP_UPS = 6;
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String TAMPERED = "e2e-tampered";

    private static final String LABELER = "labeler";
    private static final String COORDINATOR = "coordinator";
    private static final String INFERENCE = "inference";

    @Test
    void labelsTrainOneCheckpointThatAnswersEveryQuestionWhileBadInputsAreDeadLettered(StackEndpoints stack)
            throws Exception {
        Map<String, Letter.Expected> expectedLetters = new TreeMap<>();
        try (StackClient client = StackClient.provisioned(stack);
             TopicReader<PseudoLabel> labels = open(client, Topics.PSEUDO_LABELS);
             TopicReader<TrainingTrigger> triggers = open(client, Topics.TRAINING_TRIGGERS);
             TopicReader<Checkpoint> checkpoints = open(client, Topics.CHECKPOINTS);
             TopicReader<RoiAnswer> answers = open(client, Topics.ANSWERS);
             TopicReader<DeadLetter> deadLetters = open(client, Topics.DEAD_LETTERS)) {

            List<String> samples = new ArrayList<>();
            for (int i = 0; i < LABEL_REQUESTS; i++) {
                samples.add(sendLabelRequest(client, i));
                if (i % 3 == 1 && i / 3 < 7) {
                    sendBadLabelRequest(client, i / 3, expectedLetters);
                }
            }

            try (Pipeline pipeline = Pipeline.builder(stack, WorkDirs.fresh("EndToEndTest"))
                    .trainingNewLabels(TRIGGER_LABELS).batchSize(8)
                    .set(ServiceModule.COORDINATOR, "coordinator.application-id", "e2e-coordinator")
                    .start()) {

                // 1. every request is labelled once; top up until exactly TRIGGER_LABELS are KEPT
                awaitLabelled(labels, samples);
                for (int topUp = 0; kept(labels) < TRIGGER_LABELS; topUp++) {
                    if (topUp == MAX_TOP_UPS) {
                        fail("after " + samples.size() + " label requests only " + kept(labels) + " labels are KEPT, "
                                + TRIGGER_LABELS + " needed; labels:\n" + labels.describeAll(EndToEndTest::describe));
                    }
                    int missing = TRIGGER_LABELS - (int) kept(labels);
                    for (int i = 0; i < missing; i++) {
                        samples.add(sendLabelRequest(client, samples.size()));
                    }
                    awaitLabelled(labels, samples);
                }
                assertOneLabelPerRequest(labels.records(), samples);

                // 2. one COUNT trigger, one READY checkpoint, known to the coordinator's catalogue
                TrainingTrigger trigger = triggers.awaitCount(1, PATIENCE, "a training trigger",
                        record -> record.value().toString()).get(0).value();
                assertEquals(TriggerReason.COUNT, trigger.getReason(), trigger.toString());
                assertTrue(trigger.getLabelCount() >= TRIGGER_LABELS, "trigger with too few labels: " + trigger);
                Checkpoint ready = checkpoints.awaitCount(1, PATIENCE, "the checkpoint of " + trigger.getTriggerId(),
                        record -> record.value().toString()).get(0).value();
                assertEquals(CheckpointStatus.READY, ready.getStatus(), "the training failed: " + ready);
                assertEquals(trigger.getTriggerId(), ready.getTriggerId(), ready.toString());
                awaitReleased(pipeline.process(ServiceModule.COORDINATOR).metricsPort());

                // 3. questions, bad ones among them, and a task pinned to a tampered copy of the checkpoint
                try (ObjectStore store = client.objectStore()) {
                    publishTampered(client, store, ready, expectedLetters);
                    List<String> questions = new ArrayList<>();
                    for (int i = 0; i < QUESTIONS; i++) {
                        questions.add(sendQuestion(client, i));
                        if (i < 7) {
                            sendBadQuestion(client, i, expectedLetters);
                        }
                    }

                    Map<String, Letter> letters = awaitDeadLetters(client, deadLetters, expectedLetters);
                    List<ConsumerRecord<String, RoiAnswer>> answered = answers.awaitUntil(
                            all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(questions),
                            PATIENCE, "an answer to each of " + questions, record -> describe(record.value()));
                    answers.readToEnd();
                    assertAnswers(answers.records(), questions, ready, store);
                    assertEquals(answered.size(), answers.records().size(), "answers kept arriving after the last question");
                    assertLetters(letters, expectedLetters);
                }

                // 4. still exactly one trigger and one checkpoint of the trainer
                triggers.readToEnd();
                checkpoints.readToEnd();
                assertEquals(1, triggers.records().size(), "training triggers:\n"
                        + triggers.describeAll(record -> record.value().toString()));
                List<Checkpoint> trained = checkpoints.records().stream().map(ConsumerRecord::value)
                        .filter(checkpoint -> !checkpoint.getVersion().equals(TAMPERED)).toList();
                assertEquals(List.of(ready), trained, "checkpoints announced besides the tampered one");
            }
        }
    }

    private static <V> TopicReader<V> open(StackClient client, Topic<String, V> topic) {
        return client.reader(topic);
    }

    private static String sendLabelRequest(StackClient client, int index) throws Exception {
        String sampleId = String.format(Locale.ROOT, "sample-%03d", index);
        long seed = 1_000 + index;
        client.send(Topics.LABEL_REQUESTS, sampleId,
                TestInputs.labelRequest(sampleId, TestInputs.scene(seed), TestInputs.questionAbout(seed)));
        return sampleId;
    }

    /** The {@code kind}-th bad label request (0..6), each kind once, and what its dead letter must say. */
    private static void sendBadLabelRequest(StackClient client, int kind, Map<String, Letter.Expected> expected)
            throws Exception {
        String topic = Topics.LABEL_REQUESTS.name();
        String question = TestInputs.questionAbout(7);
        switch (kind) {
            case 0 -> badLabelRequest(client, "bad-label-not-an-image", TestInputs.notAnImage(), question, expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "NOT_AN_IMAGE"));
            case 1 -> badLabelRequest(client, "bad-label-bomb", TestInputs.decompressionBomb(), question, expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "TOO_MANY_PIXELS"));
            case 2 -> badLabelRequest(client, "bad-label-one-pixel", TestInputs.onePixel(), question, expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "1x1 px"));
            case 3 -> badLabelRequest(client, "bad-label-missing-object", TestInputs.missingObject(), question, expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "OBJECT_MISSING"));
            case 4 -> badLabelRequest(client, "bad-label-empty-question", TestInputs.scene(7), "", expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "question: the question is empty"));
            case 5 -> badLabelRequest(client, "bad-label-overlong-question", TestInputs.scene(7),
                    TestInputs.overlongQuestion(), expected,
                    new Letter.Expected(topic, LABELER, "REJECTED", "question: the question has"));
            default -> {
                client.sendRaw(Topics.LABEL_REQUESTS, "bad-label-undecodable", TestInputs.UNDECODABLE);
                expected.put("bad-label-undecodable", new Letter.Expected(topic, LABELER, "UNREADABLE", topic));
            }
        }
    }

    private static void badLabelRequest(StackClient client, String sampleId, ImageRef image, String question,
                                        Map<String, Letter.Expected> expected, Letter.Expected letter) throws Exception {
        client.send(Topics.LABEL_REQUESTS, sampleId, TestInputs.labelRequest(sampleId, image, question));
        expected.put(sampleId, letter);
    }

    private static String sendQuestion(StackClient client, int index) throws Exception {
        String questionId = String.format(Locale.ROOT, "question-%03d", index);
        long seed = 2_000 + index;
        client.send(Topics.QUESTIONS, questionId,
                TestInputs.question(questionId, TestInputs.scene(seed), TestInputs.questionAbout(seed)));
        return questionId;
    }

    /** The {@code kind}-th bad question (0..6): refused by the inference worker, or unreadable for the coordinator. */
    private static void sendBadQuestion(StackClient client, int kind, Map<String, Letter.Expected> expected)
            throws Exception {
        String tasks = Topics.INFERENCE_TASKS.name();
        String question = TestInputs.questionAbout(8);
        switch (kind) {
            case 0 -> badQuestion(client, "bad-question-not-an-image", TestInputs.notAnImage(), question, expected,
                    new Letter.Expected(tasks, INFERENCE, "REJECTED", "NOT_AN_IMAGE"));
            case 1 -> badQuestion(client, "bad-question-bomb", TestInputs.decompressionBomb(), question, expected,
                    new Letter.Expected(tasks, INFERENCE, "REJECTED", "TOO_MANY_PIXELS"));
            case 2 -> badQuestion(client, "bad-question-one-pixel", TestInputs.onePixel(), question, expected,
                    new Letter.Expected(tasks, INFERENCE, "REJECTED", "1x1 px"));
            case 3 -> badQuestion(client, "bad-question-missing-object", TestInputs.missingObject(), question, expected,
                    new Letter.Expected(tasks, INFERENCE, "REJECTED", "OBJECT_MISSING"));
            case 4 -> badQuestion(client, "bad-question-empty", TestInputs.scene(8), "", expected,
                    new Letter.Expected(tasks, INFERENCE, "REJECTED", "question: the question is empty"));
            case 5 -> badQuestion(client, "bad-question-overlong", TestInputs.scene(8), TestInputs.overlongQuestion(),
                    expected, new Letter.Expected(tasks, INFERENCE, "REJECTED", "question: the question has"));
            default -> {
                client.sendRaw(Topics.QUESTIONS, "bad-question-undecodable", TestInputs.UNDECODABLE);
                expected.put("bad-question-undecodable", new Letter.Expected(Topics.QUESTIONS.name(), COORDINATOR,
                        "UNREADABLE", "UNREADABLE"));
            }
        }
    }

    private static void badQuestion(StackClient client, String questionId, ImageRef image, String question,
                                    Map<String, Letter.Expected> expected, Letter.Expected letter) throws Exception {
        client.send(Topics.QUESTIONS, questionId, TestInputs.question(questionId, image, question));
        expected.put(questionId, letter);
    }

    /**
     * Uploads the READY checkpoint's file with one byte flipped, announces it (sha256 of the good file,
     * created earlier, so the coordinator keeps routing to the real one) and pins a task to it.
     */
    private static void publishTampered(StackClient client, ObjectStore store, Checkpoint ready,
                                        Map<String, Letter.Expected> expected) throws Exception {
        byte[] file = store.getBytes(ObjectRef.parse(ready.getArtifactUri()), 1L << 30);
        file[file.length / 2] ^= 0x5a;
        ObjectRef tamperedRef = new ObjectRef(ObjectStoreLayout.CHECKPOINTS_BUCKET,
                ready.getBackboneId() + "/" + TAMPERED + "/rpn.ckpt");
        store.put(tamperedRef, file, "application/octet-stream");
        Checkpoint tampered = Checkpoint.newBuilder(ready).setVersion(TAMPERED).setTriggerId(TAMPERED)
                .setArtifactUri(tamperedRef.format()).setCreatedAt(ready.getCreatedAt().minus(Duration.ofHours(1)))
                .build();
        client.send(Topics.CHECKPOINTS, TAMPERED, tampered);
        String questionId = "bad-task-tampered-checkpoint";
        Question question = TestInputs.question(questionId, TestInputs.scene(9), TestInputs.questionAbout(9));
        client.send(Topics.INFERENCE_TASKS, questionId, TestInputs.task(question, TAMPERED, ready.getBackboneId()));
        expected.put(questionId, new Letter.Expected(Topics.INFERENCE_TASKS.name(), INFERENCE, "REJECTED",
                "checkpoint " + TAMPERED + " is refused"));
    }

    private static void awaitLabelled(TopicReader<PseudoLabel> labels, List<String> samples) {
        labels.awaitUntil(all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(samples),
                PATIENCE, "a pseudo-label for each of " + samples.size() + " requests", EndToEndTest::describe);
    }

    private static long kept(TopicReader<PseudoLabel> labels) {
        return labels.records().stream().filter(record -> record.value().getDecision() == LabelDecision.KEPT).count();
    }

    private static void assertOneLabelPerRequest(List<ConsumerRecord<String, PseudoLabel>> labels, List<String> samples) {
        Map<String, Long> perSample = labels.stream().collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new,
                Collectors.counting()));
        Map<String, Long> once = new TreeMap<>();
        samples.forEach(sample -> once.put(sample, 1L));
        assertEquals(once, perSample, "pseudo-labels per sample (bad requests must have none)");
        for (ConsumerRecord<String, PseudoLabel> record : labels) {
            assertEquals(record.key(), record.value().getSampleId(), record.value().toString());
            assertNotNull(record.value().getMaps().getUri(), record.value().toString());
        }
    }

    private static void awaitReleased(int coordinatorMetricsPort) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String text = MetricsScrape.scrape(coordinatorMetricsPort);
        while (MetricsScrape.sum(text, "roistream_training_releases_total", "status=\"READY\"") < 1) {
            if (System.nanoTime() > deadline) {
                fail("the coordinator never saw the READY checkpoint (roistream_training_releases_total); metrics:\n"
                        + text);
            }
            Thread.sleep(250);
            text = MetricsScrape.scrape(coordinatorMetricsPort);
        }
    }

    private static Map<String, Letter> awaitDeadLetters(StackClient client, TopicReader<DeadLetter> deadLetters,
                                                        Map<String, Letter.Expected> expected) {
        deadLetters.awaitUntil(all -> byKey(client, all).keySet().containsAll(expected.keySet()), PATIENCE,
                "a dead letter for each of " + expected.keySet(),
                record -> Letter.of(record, client.serdeConfig()).toString());
        return byKey(client, deadLetters.poll());
    }

    private static Map<String, Letter> byKey(StackClient client, List<ConsumerRecord<String, DeadLetter>> records) {
        Map<String, Letter> letters = new LinkedHashMap<>();
        for (ConsumerRecord<String, DeadLetter> record : records) {
            Letter letter = Letter.of(record, client.serdeConfig());
            Letter earlier = letters.putIfAbsent(letter.recordKey(), letter);
            if (earlier != null) {
                fail("two dead letters for " + letter.recordKey() + ": " + earlier + " and " + letter);
            }
        }
        return letters;
    }

    private static void assertLetters(Map<String, Letter> letters, Map<String, Letter.Expected> expected) {
        assertEquals(expected.keySet(), new java.util.TreeSet<>(letters.keySet()),
                "records dead-lettered (expected exactly the bad ones); letters: " + letters);
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, want) -> {
            Letter got = letters.get(key);
            if (!got.matches(want)) {
                wrong.add(key + ": expected " + want + "\n    but got " + got);
            }
        });
        assertTrue(wrong.isEmpty(), "dead letters that say the wrong thing:\n" + String.join("\n", wrong));
    }

    private static void assertAnswers(List<ConsumerRecord<String, RoiAnswer>> answers, List<String> questions,
                                      Checkpoint ready, ObjectStore store) {
        Map<String, List<RoiAnswer>> byQuestion = new TreeMap<>();
        for (ConsumerRecord<String, RoiAnswer> record : answers) {
            byQuestion.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
        }
        assertEquals(Set.copyOf(questions), byQuestion.keySet(), "questions answered (bad ones must not be)");
        Map<String, Integer> duplicates = new HashMap<>();
        byQuestion.forEach((id, list) -> {
            if (list.size() != 1) {
                duplicates.put(id, list.size());
            }
        });
        assertTrue(duplicates.isEmpty(), "questions answered more than once: " + duplicates);
        int withRegion = 0;
        for (Map.Entry<String, List<RoiAnswer>> entry : byQuestion.entrySet()) {
            RoiAnswer answer = entry.getValue().get(0);
            String what = entry.getKey() + ": " + describe(answer);
            assertEquals(entry.getKey(), answer.getQuestionId(), what);
            assertEquals(ready.getVersion(), answer.getCheckpointVersion(), "not pinned to the READY checkpoint: " + what);
            assertEquals(ready.getBackboneId(), answer.getBackboneId(), what);
            assertTrue(answer.getMode() == AnswerMode.RPN || answer.getMode() == AnswerMode.FALLBACK,
                    "a pinned question must run the RPN: " + what);
            assertNotNull(answer.getOverlayUri(), "no overlay: " + what);
            assertTrue(store.exists(ObjectRef.parse(answer.getOverlayUri())), "overlay object missing: " + what);
            if (answer.getMode() == AnswerMode.RPN) {
                withRegion++;
                assertEquals(1, answer.getBoxes().size(), what);
                RoiBox box = answer.getBoxes().get(0);
                assertTrue(0 <= box.getX0() && box.getX0() < box.getX1() && box.getX1() <= 1, "box outside [0,1]: " + what);
                assertTrue(0 <= box.getY0() && box.getY0() < box.getY1() && box.getY1() <= 1, "box outside [0,1]: " + what);
                assertTrue(box.getScore() > 0 && box.getScore() <= 1, "box score outside (0,1]: " + what);
            } else {
                assertTrue(answer.getBoxes().isEmpty(), "a FALLBACK answer with boxes: " + what);
            }
        }
        assertTrue(withRegion > 0, "no answer found a region with the trained RPN: " + byQuestion);
    }

    private static String describe(ConsumerRecord<String, PseudoLabel> record) {
        PseudoLabel label = record.value();
        return label.getDecision() + (label.getDropReason() == null ? "" : " " + label.getDropReason());
    }

    private static String describe(RoiAnswer answer) {
        return "mode=" + answer.getMode() + " checkpoint=" + answer.getCheckpointVersion() + " boxes=" + answer.getBoxes()
                + " overlay=" + answer.getOverlayUri() + " answer='" + answer.getAnswer() + "'";
    }
}
