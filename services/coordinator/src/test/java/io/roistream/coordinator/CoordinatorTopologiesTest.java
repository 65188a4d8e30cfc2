package io.roistream.coordinator;

import static io.roistream.coordinator.TestEvents.BACKBONE;
import static io.roistream.coordinator.TestEvents.BACKBONE_VERSION;
import static io.roistream.coordinator.TestEvents.T0;
import static io.roistream.coordinator.TestEvents.checkpoint;
import static io.roistream.coordinator.TestEvents.dropped;
import static io.roistream.coordinator.TestEvents.kept;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roistream.coordinator.inference.InferenceTopology;
import io.roistream.coordinator.labels.LabelKey;
import io.roistream.coordinator.labels.MergedLabel;
import io.roistream.coordinator.training.ManualTrigger;
import io.roistream.coordinator.training.TrainingState;
import io.roistream.coordinator.training.TrainingTopology;
import io.roistream.coordinator.training.TriggerIds;
import io.roistream.events.AnswerMode;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.DeadLetter;
import io.roistream.events.InferenceTask;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiMode;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.schemas.SampleEvents;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's topologies in TopologyTestDriver, with the real serdes against the stack's
 * registry (one stack for all nested classes), wall-clock punctuation driven by the test.
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
class CoordinatorTopologiesTest {

    private static final String FIRST_TRIGGER = BACKBONE + "-trigger-000001";
    private static final String SECOND_TRIGGER = BACKBONE + "-trigger-000002";

    private static String registryUrl;

    @BeforeAll
    static void findRegistry(StackEndpoints stack) {
        registryUrl = stack.schemaRegistryUrl();
    }

    /** Label merging and training triggers: N = 3, M = 2, time limit 10 min, in-flight timeout 30 min. */
    @Nested
    class Training {

        @TempDir
        Path stateDir;
        private CoordinatorMetrics metrics;
        private InMemoryManifestStore manifests;
        private TopologyTestDriver driver;
        private TestInputTopic<String, PseudoLabel> labels;
        private TestInputTopic<String, Checkpoint> checkpoints;
        private TestInputTopic<String, TrainingTrigger> requests;
        private TestInputTopic<String, DeadLetter> deadLetters;
        private TestOutputTopic<String, TrainingTrigger> triggers;
        private TestOutputTopic<String, DeadLetter> rejected;
        private Map<String, Object> serdeConfig;

        @BeforeEach
        void start() {
            CoordinatorSettings settings = TestDrivers.settings(registryUrl, stateDir, Map.of(
                    "coordinator.training.new-labels", "3",
                    "coordinator.training.time-min-new-labels", "2",
                    "coordinator.training.time-limit", "10m",
                    "coordinator.training.in-flight-timeout", "30m",
                    "coordinator.training.check-interval", "1s"));
            metrics = new CoordinatorMetrics();
            manifests = new InMemoryManifestStore();
            driver = TestDrivers.start(TrainingTopology.buildTopology(settings.training(), settings.serdeConfig(),
                    manifests, metrics), settings, metrics);
            labels = TestDrivers.input(driver, Topics.PSEUDO_LABELS, settings.serdeConfig());
            checkpoints = TestDrivers.input(driver, Topics.CHECKPOINTS, settings.serdeConfig());
            requests = TestDrivers.input(driver, Topics.TRAINING_TRIGGERS, settings.serdeConfig());
            deadLetters = TestDrivers.input(driver, Topics.DEAD_LETTERS, settings.serdeConfig());
            triggers = TestDrivers.output(driver, Topics.TRAINING_TRIGGERS, settings.serdeConfig());
            rejected = TestDrivers.output(driver, Topics.DEAD_LETTERS, settings.serdeConfig());
            serdeConfig = new HashMap<>(settings.serdeConfig());
        }

        @AfterEach
        void stop() {
            driver.close();
        }

        @Test
        void reDeliveriesAndRelabellingOfTheSameSampleCountOnceAndKeepTheLatestLineage() {
            PseudoLabel first = kept("s1", "req-1", T0);
            send(first);
            send(first);
            PseudoLabel relabelled = PseudoLabel.newBuilder(kept("s1", "req-2", T0.plusSeconds(60)))
                    .setLabelerVersion("labeler-0.2.0").build();
            send(relabelled);

            MergedLabel stored = labelSet().get(LabelKey.of(BACKBONE, BACKBONE_VERSION, "s1"));
            assertEquals("req-2", stored.label().getRequestId());
            assertEquals("labeler-0.2.0", stored.label().getLabelerVersion());
            assertEquals(1, entries());
            assertEquals(1, state().newLabels());
            assertEquals(1, MetricValues.counter(metrics, "roistream_labels_merged", "outcome", "duplicate"));
            assertEquals(1, MetricValues.counter(metrics, "roistream_labels_merged", "outcome", "replaced"));
            assertTrue(triggers.isEmpty());
        }

        @Test
        void theLatestLabelWinsWhateverTheArrivalOrder() {
            send(kept("s1", "req-2", T0.plusSeconds(60)));
            send(dropped("s1", "req-1", T0));
            MergedLabel stored = labelSet().get(LabelKey.of(BACKBONE, BACKBONE_VERSION, "s1"));
            assertEquals("req-2", stored.label().getRequestId());
            assertEquals(LabelDecision.KEPT, stored.label().getDecision());
            assertEquals(1, state().newLabels());
            assertEquals(1, MetricValues.counter(metrics, "roistream_labels_merged", "outcome", "outdated"));
        }

        @Test
        void eachBackboneVersionOfASampleIsItsOwnEntry() {
            send(TestEvents.label("s1", "2026.11", LabelDecision.KEPT, "req-1", T0));
            send(TestEvents.label("s1", "2026.12", LabelDecision.KEPT, "req-2", T0));
            assertEquals(2, entries());
            assertEquals(2, state().newLabels());
        }

        @Test
        void droppedLabelsAreStoredButNeitherCountedNorTrainedOn() {
            send(dropped("s1", "req-1", T0));
            MergedLabel stored = labelSet().get(LabelKey.of(BACKBONE, BACKBONE_VERSION, "s1"));
            assertEquals(LabelDecision.DROPPED, stored.label().getDecision());
            assertEquals(0, state().newLabels());
            send(kept("s1", "req-2", T0.plusSeconds(1)));
            assertEquals(1, state().newLabels());
            send(dropped("s1", "req-3", T0.plusSeconds(2)));
            assertEquals(0, state().newLabels());

            send(dropped("s2", "req-4", T0));
            send(kept("s3"));
            send(kept("s4"));
            assertTrue(triggers.isEmpty());
            send(kept("s5"));
            TrainingTrigger trigger = triggers.readValue();
            assertEquals(3, trigger.getLabelCount());
            assertEquals(List.of("s3", "s4", "s5"), sampleIds(manifests.read(trigger.getManifestUri())));
        }

        @Test
        void theNthNewLabelTriggersTrainingOnTheLabelSet() {
            send(kept("s1"));
            send(kept("s2"));
            assertTrue(triggers.isEmpty());
            send(kept("s3"));

            KeyValue<String, TrainingTrigger> issued = triggers.readKeyValue();
            TrainingTrigger trigger = issued.value;
            assertEquals(FIRST_TRIGGER, issued.key);
            assertEquals(FIRST_TRIGGER, trigger.getTriggerId());
            assertEquals(TriggerReason.COUNT, trigger.getReason());
            assertEquals(3, trigger.getLabelCount());
            assertNull(trigger.getBaseCheckpointVersion());
            assertEquals("s3://manifests/" + BACKBONE + "/" + FIRST_TRIGGER + ".json", trigger.getManifestUri());
            LabelManifest manifest = manifests.read(trigger.getManifestUri());
            assertEquals(FIRST_TRIGGER, manifest.triggerId());
            assertEquals(List.of("s1", "s2", "s3"), sampleIds(manifest));
            assertEquals("req-s2", manifest.labels().get(1).getRequestId());
            assertEquals(1, state().round());
            assertEquals(0, state().newLabels());
            assertEquals(FIRST_TRIGGER, state().inFlight().triggerId());
            assertTrue(triggers.isEmpty());
        }

        @Test
        void withoutAStoredStateTriggersContinueAfterTheCheckpointsOfEarlierOnes() {
            // a catalogue holding checkpoints of triggers 1 and 7 of the backbone, and of another backbone's 9,
            // as after an application reset that lost the training state
            String seventh = TriggerIds.of(BACKBONE, 7);
            checkpoints.pipeInput("v-1", checkpoint("v-1", FIRST_TRIGGER, CheckpointStatus.READY, T0));
            checkpoints.pipeInput("v-7", checkpoint("v-7", seventh, CheckpointStatus.FAILED, T0));
            checkpoints.pipeInput("o-9", checkpoint("o-9", TriggerIds.of("other", 9), CheckpointStatus.READY, T0));
            sendKept("s1", "s2", "s3");
            TrainingTrigger trigger = triggers.readValue();
            assertEquals(TriggerIds.of(BACKBONE, 8), trigger.getTriggerId());
            assertEquals(8, state().round());
        }

        @Test
        void fewerThanMNewLabelsNeverTriggerOnTime() {
            send(kept("s1"));
            driver.advanceWallClockTime(Duration.ofHours(2));
            assertTrue(triggers.isEmpty());
        }

        @Test
        void mNewLabelsTriggerOnceTheOldestHasWaitedTheTimeLimit() {
            send(kept("s1"));
            send(kept("s2"));
            driver.advanceWallClockTime(Duration.ofMinutes(10).minusSeconds(1));
            assertTrue(triggers.isEmpty());
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            TrainingTrigger trigger = triggers.readValue();
            assertEquals(TriggerReason.TIME, trigger.getReason());
            assertEquals(2, trigger.getLabelCount());
            assertEquals(T0.plus(Duration.ofMinutes(10)), trigger.getCreatedAt());
        }

        @Test
        void oneTrainingIsInFlightUntilTheCheckpointOfItsTriggerArrives() {
            sendKept("s1", "s2", "s3");
            assertEquals(FIRST_TRIGGER, triggers.readValue().getTriggerId());
            sendKept("s4", "s5", "s6");
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertTrue(triggers.isEmpty());
            assertEquals(3, state().newLabels());

            checkpoints.pipeInput("other-0001", checkpoint("other-0001", "another-trigger", CheckpointStatus.READY,
                    T0));
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertTrue(triggers.isEmpty());

            checkpoints.pipeInput("v-0001", checkpoint("v-0001", FIRST_TRIGGER, CheckpointStatus.READY, T0));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            TrainingTrigger second = triggers.readValue();
            assertEquals(SECOND_TRIGGER, second.getTriggerId());
            assertEquals(TriggerReason.COUNT, second.getReason());
            assertEquals(6, second.getLabelCount(), "the manifest holds the whole label set");
            assertEquals("v-0001", second.getBaseCheckpointVersion());
            assertEquals(6, manifests.read(second.getManifestUri()).labelCount());
            assertEquals(1, MetricValues.counter(metrics, "roistream_training_releases", "status", "READY"));
        }

        @Test
        void aFailedCheckpointReleasesTheBackboneButIsNoBase() {
            sendKept("s1", "s2", "s3");
            triggers.readValue();
            checkpoints.pipeInput("v-0001", checkpoint("v-0001", FIRST_TRIGGER, CheckpointStatus.FAILED, T0));
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertNull(state().inFlight());
            assertTrue(triggers.isEmpty(), "the labels of the failed run are not new again");
            sendKept("s4", "s5", "s6");
            TrainingTrigger second = triggers.readValue();
            assertEquals(SECOND_TRIGGER, second.getTriggerId());
            assertNull(second.getBaseCheckpointVersion());
            assertEquals(1, MetricValues.counter(metrics, "roistream_training_releases", "status", "FAILED"));
        }

        @Test
        void aTriggerTheTrainerDeadLetteredReleasesTheBackbone() {
            sendKept("s1", "s2", "s3");
            TrainingTrigger first = triggers.readValue();
            deadLetters.pipeInput("roi.questions/0/3", SampleEvents.deadLetter());
            deadLetters.pipeInput("roi.training-triggers/0/9", deadTrigger(
                    TrainingTrigger.newBuilder(first).setTriggerId("another-trigger").build()));
            assertEquals(FIRST_TRIGGER, state().inFlight().triggerId(), "letters of other records change nothing");

            deadLetters.pipeInput("roi.training-triggers/0/7", deadTrigger(first));
            assertNull(state().inFlight());
            assertEquals(1, MetricValues.counter(metrics, "roistream_training_releases", "status", "FAILED"));
            requests.pipeInput("manual-1", ManualTrigger.request(BACKBONE, "manual-1", T0));
            assertEquals(SECOND_TRIGGER, triggers.readValue().getTriggerId(), "the backbone trains again at once");
        }

        private DeadLetter deadTrigger(TrainingTrigger trigger) {
            try (Serializer<TrainingTrigger> serializer = Topics.TRAINING_TRIGGERS.valueSerde(serdeConfig).serializer()) {
                return DeadLetter.newBuilder(SampleEvents.deadLetter()).setOriginalTopic(Topics.TRAINING_TRIGGERS.name())
                        .setStage("trainer").setErrorMessage("PROCESSOR_ERROR: the base checkpoint is unreadable")
                        .setPayload(ByteBuffer.wrap(serializer.serialize(Topics.TRAINING_TRIGGERS.name(), trigger)))
                        .build();
            }
        }

        @Test
        void anUnansweredTriggerIsEmittedAgainAfterTheTimeout() {
            sendKept("s1", "s2", "s3");
            TrainingTrigger first = triggers.readValue();
            driver.advanceWallClockTime(Duration.ofMinutes(30).minusSeconds(1));
            assertTrue(triggers.isEmpty());
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            assertEquals(first, triggers.readValue());
            assertEquals(2, state().inFlight().emissions());
            assertEquals(1, MetricValues.counter(metrics, "roistream_training_trigger_reemits"));
            assertEquals(1, manifests.count(), "the manifest is not rewritten");

            checkpoints.pipeInput("v-0001", checkpoint("v-0001", FIRST_TRIGGER, CheckpointStatus.READY, T0));
            driver.advanceWallClockTime(Duration.ofMinutes(31));
            assertTrue(triggers.isEmpty());
            assertNull(state().inFlight());
        }

        @Test
        void aTriggerStillUnansweredAfterItsLastEmissionIsAbandoned() {
            sendKept("s1", "s2", "s3");
            TrainingTrigger first = triggers.readValue();
            driver.advanceWallClockTime(Duration.ofMinutes(30));
            assertEquals(first, triggers.readValue());
            driver.advanceWallClockTime(Duration.ofMinutes(30));
            assertEquals(first, triggers.readValue());
            assertEquals(3, state().inFlight().emissions());
            driver.advanceWallClockTime(Duration.ofMinutes(30));
            assertTrue(triggers.isEmpty(), "three emissions in all");
            assertNull(state().inFlight());
            assertEquals(1, MetricValues.counter(metrics, "roistream_training_triggers_abandoned"));
            sendKept("s4", "s5", "s6");
            assertEquals(SECOND_TRIGGER, triggers.readValue().getTriggerId(), "the backbone trains again");
        }

        @Test
        void aManualRequestTrainsOnTheLabelSetWhenNothingIsInFlight() {
            requests.pipeInput("manual-1", ManualTrigger.request(BACKBONE, "manual-1", T0));
            assertTrue(triggers.isEmpty(), "no usable label yet");
            send(kept("s1"));
            send(dropped("s2", "req-s2", T0));
            requests.pipeInput("manual-2", ManualTrigger.request(BACKBONE, "manual-2", T0));

            TrainingTrigger trigger = triggers.readValue();
            assertEquals(TriggerReason.MANUAL, trigger.getReason());
            assertEquals(FIRST_TRIGGER, trigger.getTriggerId());
            assertEquals(1, trigger.getLabelCount());
            assertEquals(List.of("s1"), sampleIds(manifests.read(trigger.getManifestUri())));

            requests.pipeInput("manual-3", ManualTrigger.request(BACKBONE, "manual-3", T0));
            assertTrue(triggers.isEmpty(), "a training is in flight");
            assertEquals(1, MetricValues.counter(metrics, "roistream_manual_requests_ignored", "why", "no_labels"));
            assertEquals(1, MetricValues.counter(metrics, "roistream_manual_requests_ignored", "why", "in_flight"));
        }

        @Test
        void manualRequestsOlderThanTheirMaximumAgeAreIgnored() {
            send(kept("s1"));
            requests.pipeInput("manual-old", ManualTrigger.request(BACKBONE, "manual-old",
                    T0.minus(Duration.ofHours(1)).minusSeconds(1)));
            assertTrue(triggers.isEmpty(), "a request made over an hour ago, read again after a reset");
            assertEquals(1, MetricValues.counter(metrics, "roistream_manual_requests_ignored", "why", "stale"));
            requests.pipeInput("manual-new", ManualTrigger.request(BACKBONE, "manual-new",
                    T0.minus(Duration.ofHours(1))));
            assertEquals(TriggerReason.MANUAL, triggers.readValue().getReason());
        }

        @Test
        void triggersOfOtherBackbonesAreNotMistakenForRequests() {
            send(kept("s1"));
            TrainingTrigger issuedElsewhere = TrainingTrigger.newBuilder(ManualTrigger.request(BACKBONE, "t", T0))
                    .setManifestUri("s3://manifests/" + BACKBONE + "/t.json").setLabelCount(1).build();
            requests.pipeInput("t", issuedElsewhere);
            assertTrue(triggers.isEmpty());
        }

        @Test
        void labelsThatCannotNameATriggerAreDeadLetteredAndTheOthersStillTrain() {
            List<PseudoLabel> invalid = List.of(
                    PseudoLabel.newBuilder(kept("bad-0")).setBackboneId("").build(),
                    PseudoLabel.newBuilder(kept("bad-1")).setBackboneId("/rooted").build(),
                    PseudoLabel.newBuilder(kept("bad-2")).setBackboneId("line\nbreak").build(),
                    PseudoLabel.newBuilder(kept("bad-3")).setBackboneId("b".repeat(1025)).build(),
                    kept("bad\u001F4"));
            invalid.forEach(this::send);
            sendKept("s1", "s2");
            driver.advanceWallClockTime(Duration.ofMinutes(11));

            TrainingTrigger trigger = triggers.readValue();
            assertEquals(TriggerReason.TIME, trigger.getReason(), "valid labels after the rejected ones still train");
            assertEquals(List.of("s1", "s2"), sampleIds(manifests.read(trigger.getManifestUri())));
            assertEquals(2, entries(), "no rejected label is in the label set");
            KeyValueStore<String, TrainingState> states = driver.getKeyValueStore(TrainingTopology.TRAINING_STATE_STORE);
            try (KeyValueIterator<String, TrainingState> all = states.all()) {
                assertEquals(BACKBONE, all.next().key);
                assertTrue(!all.hasNext(), "no training state for a rejected backbone id");
            }

            List<TestRecord<String, DeadLetter>> letters = rejected.readRecordsToList();
            assertEquals(invalid.size(), letters.size());
            Deserializer<PseudoLabel> values = Topics.PSEUDO_LABELS.valueSerde(serdeConfig).deserializer();
            Deserializer<String> keys = Topics.PSEUDO_LABELS.keySerde(serdeConfig).deserializer();
            for (int offset = 0; offset < invalid.size(); offset++) {
                TestRecord<String, DeadLetter> record = letters.get(offset);
                DeadLetter letter = record.value();
                assertEquals(Topics.PSEUDO_LABELS.name() + "/0/" + offset, record.key());
                assertEquals(Topics.PSEUDO_LABELS.name(), letter.getOriginalTopic());
                assertEquals(offset, letter.getOffset());
                assertEquals(CoordinatorMetrics.STAGE, letter.getStage());
                assertEquals(IllegalArgumentException.class.getName(), letter.getErrorClass());
                assertTrue(letter.getErrorMessage().startsWith("REJECTED: "), letter.getErrorMessage());
                assertEquals("REJECTED", header(record, ProcessingLoop.REASON_HEADER));
                assertEquals(CoordinatorMetrics.STAGE, header(record, ProcessingLoop.STAGE_HEADER));
                assertEquals(invalid.get(offset), values.deserialize(letter.getOriginalTopic(), bytes(letter.getPayload())));
                assertEquals(invalid.get(offset).getSampleId(), keys.deserialize(letter.getOriginalTopic(), bytes(letter.getKey())));
            }
            assertTrue(letters.get(0).value().getErrorMessage().contains("backboneId is missing or blank"),
                    letters.get(0).value().getErrorMessage());
            assertTrue(letters.get(1).value().getErrorMessage().contains("starts with '/'"),
                    letters.get(1).value().getErrorMessage());
            assertTrue(letters.get(2).value().getErrorMessage().contains("control character"),
                    letters.get(2).value().getErrorMessage());
            assertTrue(letters.get(3).value().getErrorMessage().contains("longer than 1024 bytes"),
                    letters.get(3).value().getErrorMessage());
            assertTrue(letters.get(4).value().getErrorMessage().contains("sampleId contains the label-set key separator"),
                    letters.get(4).value().getErrorMessage());
            assertEquals(invalid.size(), MetricValues.counter(metrics, "roistream_dead_letters", "reason", "REJECTED"));
            assertEquals(invalid.size(), MetricValues.counter(metrics, "roistream_rejected_records", "topic",
                    Topics.PSEUDO_LABELS.name()));
            assertEquals(2, MetricValues.counter(metrics, "roistream_labels_merged", "outcome", "added"));
        }

        @Test
        void aManualRequestForABackboneThatCannotNameATriggerIsDeadLettered() {
            send(kept("s1"));
            requests.pipeInput("manual-1", ManualTrigger.request("/rooted", "manual-1", T0));
            assertTrue(triggers.isEmpty());
            TestRecord<String, DeadLetter> record = rejected.readRecord();
            assertEquals(Topics.TRAINING_TRIGGERS.name() + "/0/0", record.key());
            assertTrue(record.value().getErrorMessage().startsWith("REJECTED: backboneId '/rooted'"),
                    record.value().getErrorMessage());
            assertEquals("REJECTED", header(record, ProcessingLoop.REASON_HEADER));

            requests.pipeInput("manual-2", ManualTrigger.request(BACKBONE, "manual-2", T0));
            assertEquals(FIRST_TRIGGER, triggers.readValue().getTriggerId(), "valid requests still train");
            assertTrue(rejected.isEmpty());
        }

        @Test
        void aStoredStateOfABackboneThatCannotNameATriggerIsSkippedByThePunctuation() {
            KeyValueStore<String, TrainingState> states = driver.getKeyValueStore(TrainingTopology.TRAINING_STATE_STORE);
            TrainingState legacy = new TrainingState("/rooted", 0, 5, T0.toEpochMilli(), null);
            states.put(legacy.backboneId(), legacy);
            sendKept("s1", "s2");
            driver.advanceWallClockTime(Duration.ofMinutes(11));
            TrainingTrigger trigger = triggers.readValue();
            assertEquals(FIRST_TRIGGER, trigger.getTriggerId());
            assertTrue(triggers.isEmpty());
            assertEquals(legacy, states.get(legacy.backboneId()));
        }

        private String header(TestRecord<String, DeadLetter> record, String name) {
            return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
        }

        private byte[] bytes(ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return bytes;
        }

        private void send(PseudoLabel label) {
            labels.pipeInput(label.getSampleId(), label);
        }

        private void sendKept(String... sampleIds) {
            for (String sampleId : sampleIds) {
                send(kept(sampleId));
            }
        }

        private KeyValueStore<String, MergedLabel> labelSet() {
            return driver.getKeyValueStore(TrainingTopology.LABEL_SET_STORE);
        }

        private long entries() {
            long count = 0;
            try (KeyValueIterator<String, MergedLabel> all = labelSet().all()) {
                for (; all.hasNext(); all.next()) {
                    count++;
                }
            }
            return count;
        }

        private TrainingState state() {
            KeyValueStore<String, TrainingState> states = driver.getKeyValueStore(TrainingTopology.TRAINING_STATE_STORE);
            TrainingState state = states.get(BACKBONE);
            return state != null ? state : TrainingState.initial(BACKBONE);
        }
    }

    /** Question routing and the answer-latency join, for the default backbone. */
    @Nested
    class Inference {

        @TempDir
        Path stateDir;
        private CoordinatorMetrics metrics;
        private TopologyTestDriver driver;
        private TestInputTopic<String, Checkpoint> checkpoints;
        private TestInputTopic<String, Question> questions;
        private TestInputTopic<String, RoiAnswer> answers;
        private TestOutputTopic<String, InferenceTask> tasks;
        private Duration questionRetention;

        @BeforeEach
        void start() {
            CoordinatorSettings settings = TestDrivers.settings(registryUrl, stateDir, Map.of());
            metrics = new CoordinatorMetrics();
            questionRetention = settings.questionRetention();
            driver = TestDrivers.start(InferenceTopology.buildTopology(settings.backboneId(),
                    settings.questionRetention(), settings.serdeConfig(), metrics), settings, metrics);
            checkpoints = TestDrivers.input(driver, Topics.CHECKPOINTS, settings.serdeConfig());
            questions = TestDrivers.input(driver, Topics.QUESTIONS, settings.serdeConfig());
            answers = TestDrivers.input(driver, Topics.ANSWERS, settings.serdeConfig());
            tasks = TestDrivers.output(driver, Topics.INFERENCE_TASKS, settings.serdeConfig());
        }

        @AfterEach
        void stop() {
            driver.close();
        }

        @Test
        void beforeAnyCheckpointQuestionsAreRoutedPlain() {
            Question question = TestEvents.question("q-1", T0, RoiMode.AUTO);
            questions.pipeInput("q-1", question);
            KeyValue<String, InferenceTask> routed = tasks.readKeyValue();
            assertEquals("q-1", routed.key);
            assertEquals(question, routed.value.getQuestion());
            assertEquals(BACKBONE, routed.value.getBackboneId());
            assertNull(routed.value.getCheckpointVersion());
            assertEquals(T0, routed.value.getRoutedAt());
            assertEquals(1, MetricValues.counter(metrics, "roistream_questions_routed", "routing", "plain"));
        }

        @Test
        void questionsArePinnedToTheLatestReadyCheckpointOfTheBackbone() {
            publish(checkpoint("v-1", "t-1", CheckpointStatus.READY, T0));
            assertEquals("v-1", route("q-1"));
            publish(checkpoint("v-2", "t-2", CheckpointStatus.READY, T0.plusSeconds(3600)));
            assertEquals("v-2", route("q-2"));
            publish(checkpoint("v-3", "t-3", CheckpointStatus.FAILED, T0.plusSeconds(7200)));
            assertEquals("v-2", route("q-3"), "a FAILED checkpoint is never routed to");
            publish(checkpoint("x-9", "another-backbone", "t-9", CheckpointStatus.READY, T0.plusSeconds(9000)));
            assertEquals("v-2", route("q-4"), "checkpoints of other backbones are not routed to");
            publish(checkpoint("v-0", "t-0", CheckpointStatus.READY, T0.minusSeconds(3600)));
            assertEquals("v-2", route("q-5"), "an older checkpoint published late does not take over");
            assertEquals(5, MetricValues.counter(metrics, "roistream_questions_routed", "routing", "checkpoint"));
        }

        @Test
        void aRetractedCheckpointHandsRoutingBackToThePreviousOne() {
            publish(checkpoint("v-1", "t-1", CheckpointStatus.READY, T0));
            publish(checkpoint("v-2", "t-2", CheckpointStatus.READY, T0.plusSeconds(60)));
            publish(checkpoint("v-2", "t-2", CheckpointStatus.FAILED, T0.plusSeconds(60)));
            assertEquals("v-1", route("q-1"));
            checkpoints.pipeInput("v-1", null);
            assertNull(route("q-2"));
        }

        @Test
        void questionsAskingForNoRoiAreRoutedPlain() {
            publish(checkpoint("v-1", "t-1", CheckpointStatus.READY, T0));
            questions.pipeInput("q-1", TestEvents.question("q-1", T0, RoiMode.OFF));
            assertNull(tasks.readValue().getCheckpointVersion());
        }

        @Test
        void answersAreJoinedToTheirQuestionsForEndToEndLatency() {
            questions.pipeInput("q-1", TestEvents.question("q-1", T0, RoiMode.AUTO), T0);
            answers.pipeInput(new TestRecord<>("q-1", TestEvents.answer("q-1", AnswerMode.RPN), T0.plusMillis(1500)));
            String latency = "roistream_question_answer_latency_seconds";
            assertEquals(1, MetricValues.histogramCount(metrics, latency, "mode", "RPN"));
            assertEquals(1.5, MetricValues.histogramSum(metrics, latency, "mode", "RPN"), 1e-9);

            answers.pipeInput(new TestRecord<>("q-1", TestEvents.answer("q-1", AnswerMode.RPN), T0.plusMillis(1600)));
            answers.pipeInput(new TestRecord<>("q-9", TestEvents.answer("q-9", AnswerMode.OFF), T0.plusMillis(1700)));
            assertEquals(1, MetricValues.histogramCount(metrics, latency, "mode", "RPN"), "a re-delivery is not measured");
            assertEquals(0, MetricValues.histogramCount(metrics, latency, "mode", "OFF"));
            assertEquals(2, MetricValues.counter(metrics, "roistream_answers_unmatched"));
        }

        @Test
        void aQuestionDatedFarAheadDoesNotExpireTheOthers() {
            questions.pipeInput("q-1", TestEvents.question("q-1", T0, RoiMode.AUTO), T0);
            Instant nextYear = T0.plus(Duration.ofDays(365));
            questions.pipeInput("q-2", TestEvents.question("q-2", nextYear, RoiMode.AUTO), nextYear);
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            answers.pipeInput(new TestRecord<>("q-1", TestEvents.answer("q-1", AnswerMode.RPN), T0.plusMillis(1500)));
            answers.pipeInput(new TestRecord<>("q-2", TestEvents.answer("q-2", AnswerMode.RPN), T0.plusMillis(1600)));
            String latency = "roistream_question_answer_latency_seconds";
            assertEquals(2, MetricValues.histogramCount(metrics, latency, "mode", "RPN"));
            assertEquals(1.5, MetricValues.histogramSum(metrics, latency, "mode", "RPN"), 1e-9,
                    "q-1 took 1.5 s; q-2, answered before it was asked, counts 0");
            assertEquals(0, MetricValues.counter(metrics, "roistream_answers_unmatched"));
        }

        @Test
        void questionsAreForgottenAfterTheRetention() {
            questions.pipeInput("q-1", TestEvents.question("q-1", T0, RoiMode.AUTO), T0);
            driver.advanceWallClockTime(questionRetention.plusSeconds(1));
            answers.pipeInput(new TestRecord<>("q-1", TestEvents.answer("q-1", AnswerMode.RPN), T0.plusMillis(1500)));
            assertEquals(1, MetricValues.counter(metrics, "roistream_answers_unmatched"));
        }

        private void publish(Checkpoint checkpoint) {
            checkpoints.pipeInput(checkpoint.getVersion(), checkpoint);
        }

        private String route(String questionId) {
            questions.pipeInput(questionId, TestEvents.question(questionId, T0, RoiMode.AUTO));
            InferenceTask task = tasks.readValue();
            assertNotNull(task);
            return task.getCheckpointVersion();
        }
    }

    /**
     * Unreadable input, through the training topology. Kafka Streams' test driver does not capture
     * records sent by the deserialization handler in exactly-once mode, so this driver runs
     * at-least-once; the integration test checks dead letters under exactly-once. (The driver also
     * skips unreadable records of global stores with its own handler, so those are checked there too.)
     */
    @Nested
    class UnreadableInput {

        @TempDir
        Path stateDir;

        @Test
        void anUnreadableLabelIsDeadLetteredCountedAndSkipped() {
            CoordinatorSettings settings = TestDrivers.settings(registryUrl, stateDir, Map.of());
            CoordinatorMetrics metrics = new CoordinatorMetrics();
            Properties properties = settings.streamsProperties(metrics);
            properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            try (TopologyTestDriver driver = TestDrivers.start(TrainingTopology.buildTopology(settings.training(),
                    settings.serdeConfig(), new InMemoryManifestStore(), metrics), properties)) {
                byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
                driver.createInputTopic(Topics.PSEUDO_LABELS.name(), new ByteArraySerializer(),
                        new ByteArraySerializer()).pipeInput("s0".getBytes(StandardCharsets.UTF_8), garbage);
                PseudoLabel label = kept("s1");
                TestDrivers.input(driver, Topics.PSEUDO_LABELS, settings.serdeConfig()).pipeInput("s1", label);

                KeyValueStore<String, MergedLabel> labelSet = driver.getKeyValueStore(TrainingTopology.LABEL_SET_STORE);
                assertEquals(label, labelSet.get(LabelKey.of(label)).label());
                TestRecord<String, DeadLetter> record = TestDrivers.output(driver, Topics.DEAD_LETTERS,
                        settings.serdeConfig()).readRecord();
                DeadLetter letter = record.value();
                assertEquals(Topics.PSEUDO_LABELS.name() + "/0/0", record.key());
                assertEquals(Topics.PSEUDO_LABELS.name(), letter.getOriginalTopic());
                assertEquals(0L, letter.getOffset());
                assertEquals(CoordinatorMetrics.STAGE, letter.getStage());
                assertTrue(letter.getErrorMessage().startsWith("UNREADABLE: "), letter.getErrorMessage());
                assertArrayEquals(garbage, letter.getPayload().array());
                assertArrayEquals("s0".getBytes(StandardCharsets.UTF_8), letter.getKey().array());
                assertEquals("UNREADABLE", new String(record.headers().lastHeader(ProcessingLoop.REASON_HEADER).value(),
                        StandardCharsets.UTF_8));
                assertEquals(1, MetricValues.counter(metrics, "roistream_unreadable_records", "topic",
                        Topics.PSEUDO_LABELS.name()));
                assertEquals(1, MetricValues.counter(metrics, "roistream_dead_letters", "reason", "UNREADABLE"));
            }
        }
    }

    private static List<String> sampleIds(LabelManifest manifest) {
        return manifest.labels().stream().map(PseudoLabel::getSampleId).toList();
    }
}
