package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.cli.pipeline.Pipeline;
import io.roistream.cli.pipeline.RoistreamHome;
import io.roistream.cli.pipeline.ServiceModule;
import io.roistream.cli.pipeline.ServiceProcess;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.RoiAnswer;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.inference.AnswerEngine;
import io.roistream.inference.CheckpointCache;
import io.roistream.inference.InferenceWorker;
import io.roistream.labeler.LabelerWorker;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.runtime.kafka.ProcessingLoop;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import io.roistream.trainer.RpnTraining;
import io.roistream.trainer.TrainerWorker;
import io.roistream.trainer.TrainingOutcome;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the workers through Kafka against the same model code in a bare loop, on the same
 * inputs: answers (or labels) per second of each and their ratio, measured side by side in one run.
 * One PyTorch thread, micro-batches of {@value #BATCH} on both sides. Steady state, as in a
 * long-running service: every bare loop first runs {@code roistream.benchmark.warm-up} inputs
 * (default 512) untimed and every worker {@code roistream.benchmark.worker-warm-up} (default 3,072:
 * its object-store client needs thousands of requests before its cost per request settles), in the
 * same process that is then timed, so that neither side's numbers include its JIT compiling the code
 * it runs (the trainer: one training on the same labels: a first training of a size allocates the
 * native memory the next ones reuse); the embedded S3Proxy first takes
 * {@code roistream.benchmark.store-warm-up} uploads (default 6,000). Then the bare loop and the
 * worker are timed in alternating rounds. The labeler runs first, then the trainer on its labels,
 * then inference with the RPN that training made. Every bare loop runs in a JVM of its own
 * ({@link BareLoopMain}) started as the workers are: the model code ran up to 1.7 times slower in
 * this test's JVM (which also hosts the embedded broker and S3Proxy) than in a fresh one.
 *
 * <ul>
 *   <li>inference: SD-RPN answers with the RPN of the trainer worker's last training, at the
 *       threshold the trainer chose (so that most answers take the RoI path and get an overlay, as
 *       with any trained checkpoint); the bare loop decodes each PNG and calls
 *       {@link AnswerEngine#withRpn} (what the worker's batch processor calls); the worker also
 *       checks images, reads Avro, writes overlays to S3 and commits a Kafka transaction per batch. It runs three times: with overlay
 *       pictures (the default), pipelined (the default) and one batch at a time, and without
 *       overlays, pipelined;</li>
 *   <li>labeler: pseudo-labels; the bare loop decodes each PNG and calls
 *       {@link PseudoLabeler#teach}; the worker also stores each inline image and its attention maps
 *       in S3; pipelined and one batch at a time.</li>
 * </ul>
 *
 * <p>Not a test: it runs only with {@code -Droistream.benchmark=true} and writes
 * {@code docs/results/throughput.json} and {@code .md}.
 *
 * <pre>
 * mvn -B -o -pl tests verify -Dtest=ThroughputBenchmark -Droistream.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
@EnabledIfSystemProperty(named = "roistream.benchmark", matches = "true")
class ThroughputBenchmark {

    private static final int QUESTIONS = Integer.getInteger("roistream.benchmark.questions", 768);
    static final int BATCH = 8;
    private static final int WARM_UP = Integer.getInteger("roistream.benchmark.warm-up", 64 * BATCH);
    private static final int WORKER_WARM_UP = Integer.getInteger("roistream.benchmark.worker-warm-up", 384 * BATCH);
    private static final int STORE_WARM_UP = Integer.getInteger("roistream.benchmark.store-warm-up", 6_000);
    private static final int ROUNDS = 3;
    private static final int TRAINER_ROUNDS = 2;
    private static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final String COMMAND = "mvn -B -o -pl tests verify -Dtest=ThroughputBenchmark "
            + "-Droistream.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false";

    /** The trainer's comparison and the trainer worker's last checkpoint. */
    private record TrainerRuns(Comparison comparison, Checkpoint lastCheckpoint) {
    }

    /** Each scene's PNG by seed, made once. */
    private static final Map<Long, byte[]> SCENES = new HashMap<>();

    /** One question as both sides see it. */
    record Item(String id, int index, byte[] png, String question) {
    }

    /**
     * One side of a comparison: how long its measured items took, the CPU they cost, how busy the
     * thread running the model was, how its outputs split.
     */
    private record Run(String path, int items, double seconds, CpuTime cpu, ModelThread model, double meanBatch,
                       Map<String, Integer> outcomes) {
        double perSecond() {
            return items / seconds;
        }

        /** CPU milliseconds per item. */
        double perItemMs(double cpuSeconds) {
            return perItem(cpuSeconds * 1000);
        }

        double perItem(double total) {
            return total / items;
        }

        /** This run and {@code next} (more items of the same path) as one. */
        Run plus(Run next) {
            Map<String, Integer> merged = new TreeMap<>(outcomes);
            next.outcomes.forEach((outcome, count) -> merged.merge(outcome, count, Integer::sum));
            return new Run(path, items + next.items, seconds + next.seconds, cpu.plus(next.cpu), model.plus(next.model),
                    (meanBatch * items + next.meanBatch * next.items) / (items + next.items), merged);
        }

        /** The share of the run's wall time the model's thread spent in the model's work. */
        double modelBusyShare() {
            return model.busySeconds() / seconds;
        }

        /** The share of the run's wall time the model's thread spent on a CPU running the model. */
        double modelComputingShare() {
            return model.cpuSeconds() / seconds;
        }
    }

    /**
     * The thread that runs the model: seconds it spent in the model's work (a worker's processing
     * thread in its batches' processing steps, from the worker's metrics; a bare loop's thread all the
     * time), its CPU seconds in them, and the page faults it took in the window. Busy but not on a CPU
     * is time that thread waited for a core.
     */
    private record ModelThread(double busySeconds, double cpuSeconds, PageFaults faults) {
        ModelThread plus(ModelThread next) {
            return new ModelThread(busySeconds + next.busySeconds, cpuSeconds + next.cpuSeconds,
                    faults.plus(next.faults));
        }
    }

    /**
     * A worker path and the bare loop, timed in alternating rounds on the same inputs (bare round 1,
     * worker round 1, bare round 2, ...), so that a slow spell of this shared machine hits both sides
     * of a round; the ratio is the median of the rounds' ratios.
     */
    private record Comparison(Run bare, Run worker, List<Double> ratios, List<Double> barePerSecond,
                              List<Double> workerPerSecond) {
        /**
         * The ratio the two sides would have if the model code cost the same CPU per item in both
         * processes: the worker's share of wall time spent computing the model over the bare loop's.
         * The same code has run at 20 or 33 ms of CPU per answer in different JVMs of one run (not
         * page faults, not the pipeline: see throughput-runs.md), which moves the plain ratio by as
         * much; this one measures what the pipeline costs the model thread.
         */
        double ratioAtEqualModelCost() {
            return worker.modelComputingShare() / bare.modelComputingShare();
        }

        double ratio() {
            List<Double> sorted = ratios.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }

    /**
     * Wall time and CPU time (of {@code pid}: a worker, 0 for none; see {@link CpuTime}; and of the
     * thread that started it) since it started.
     */
    private record Stopwatch(long pid, long startNanos, CpuTime cpuAtStart) {
        static Stopwatch start(long pid) {
            return new Stopwatch(pid, System.nanoTime(), CpuTime.now(pid));
        }

        double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        CpuTime cpu() {
            return CpuTime.now(pid).since(cpuAtStart);
        }
    }

    /** The runs of alternating rounds, added as they are timed. */
    private static final class Rounds {
        private Run bare;
        private Run worker;
        private final List<Double> ratios = new ArrayList<>();
        private final List<Double> barePerSecond = new ArrayList<>();
        private final List<Double> workerPerSecond = new ArrayList<>();

        void add(Run bareRound, Run workerRound) {
            ratios.add(workerRound.perSecond() / bareRound.perSecond());
            barePerSecond.add(bareRound.perSecond());
            workerPerSecond.add(workerRound.perSecond());
            bare = bare == null ? bareRound : bare.plus(bareRound);
            worker = worker == null ? workerRound : worker.plus(workerRound);
        }

        Comparison comparison() {
            return new Comparison(bare, worker, List.copyOf(ratios), List.copyOf(barePerSecond),
                    List.copyOf(workerPerSecond));
        }
    }

    @Test
    void workersThroughKafkaAgainstBareLoops(StackEndpoints stack) throws Exception {
        List<Item> warmUp = items("bench", WARM_UP);
        BackboneManifest manifest = DefaultBackbone.manifest();
        Path logs = WorkDirs.fresh("ThroughputBenchmark");
        List<Comparison> inference = new ArrayList<>();
        List<Comparison> labeler = new ArrayList<>();
        Comparison trainer;
        Checkpoint trained;
        try (StackClient client = StackClient.provisioned(stack)) {
            warmUpObjectStore(client, warmUp);
            List<Item> labelled = items("labels");
            try (BareLoop labels = BareLoop.start("bare loop (PNG decode + `PseudoLabeler.teach`)", List.of("labeler"),
                    logs.resolve("bare-labeler.log"))) {
                labels.run(warmUp);
                labeler.add(labelerWorker(client, stack, labelled, true, logs, labels));
                labeler.add(labelerWorker(client, stack, items("labels-one-by-one"), false, logs, labels));
            }
            TrainerRuns trainerRuns = trainer(client, stack, manifest, labelled.subList(WORKER_WARM_UP,
                    labelled.size()), logs);
            trainer = trainerRuns.comparison();
            trained = trainerRuns.lastCheckpoint();
            Path checkpointFile = logs.resolve("rpn.ckpt");
            try (ObjectStore store = client.objectStore()) {
                Files.write(checkpointFile, store.getBytes(ObjectRef.parse(trained.getArtifactUri()), 1L << 30));
            }
            try (BareLoop answers = BareLoop.start("bare loop (PNG decode + `AnswerEngine.withRpn`)",
                    List.of("inference", checkpointFile.toString(), trained.getSha256(),
                            Double.toString(threshold(trained))), logs.resolve("bare-inference.log"))) {
                answers.run(warmUp);
                String version = trained.getVersion();
                inference.add(inferenceWorker(client, stack, manifest, version, items("overlays"), true, true, logs,
                        answers));
                inference.add(inferenceWorker(client, stack, manifest, version, items("one-by-one"), true, false, logs,
                        answers));
                inference.add(inferenceWorker(client, stack, manifest, version, items("plain-pictures"), false, true,
                        logs, answers));
            }
        }
        for (Comparison comparison : inference) {
            assertEquals(comparison.bare().outcomes(), comparison.worker().outcomes(),
                    "answer modes, bare vs " + comparison.worker().path());
        }
        for (Comparison comparison : labeler) {
            assertEquals(comparison.bare().outcomes(), comparison.worker().outcomes(),
                    "labels kept and dropped, bare vs " + comparison.worker().path());
        }
        write(inference, labeler, List.of(trainer), trained);
    }

    /**
     * The labeler's kept labels of {@code labelled} (maps already in S3) as one training set: trained
     * by {@link RpnTraining#train} on the samples in memory (bare, the samples read from S3 first,
     * untimed), then by the trainer worker from a {@code TrainingTrigger} to the READY
     * {@code Checkpoint} (reading the manifest, maps and images from S3, uploading the checkpoint), in
     * {@value #TRAINER_ROUNDS} alternating rounds. Each side first trains once, untimed, on the same
     * labels. Returns the comparison and the worker's last checkpoint, which the inference paths then
     * answer with.
     */
    private static TrainerRuns trainer(StackClient client, StackEndpoints stack, BackboneManifest manifest,
                                       List<Item> labelled, Path logs) throws Exception {
        Set<String> ids = labelled.stream().map(Item::id).collect(Collectors.toSet());
        List<PseudoLabel> kept;
        try (TopicReader<PseudoLabel> labels = client.reader(Topics.PSEUDO_LABELS)) {
            kept = awaitAll(labels, labelled, label -> label.getDecision().name()).stream()
                    .filter(record -> ids.contains(record.key())).map(ConsumerRecord::value)
                    .filter(label -> label.getDecision() == LabelDecision.KEPT).toList();
        }
        TrainingTrigger warmUp = trainingTrigger("bench-training-warm-up", manifest, kept, client);
        String workerPath = "trainer worker through Kafka (trigger to READY checkpoint: manifest, maps and images"
                + " read from S3, checkpoint uploaded)";
        Rounds rounds = new Rounds();
        Checkpoint lastCheckpoint = null;
        try (TopicReader<Checkpoint> checkpoints = client.reader(Topics.CHECKPOINTS);
             BareLoop bare = BareLoop.start("bare `RpnTraining.train` (samples in memory)", List.of("trainer",
                     stack.objectStoreEndpoint(), stack.objectStoreAccessKey(), stack.objectStoreSecretKey()),
                     logs.resolve("bare-trainer.log"));
             ServiceProcess worker = ServiceProcess.start(ServiceModule.TRAINER.launch(RoistreamHome.find(),
                     Ports.free(), workerConfig(stack, true), logs.resolve("trainer.log")))) {
            bare.train(warmUp);
            worker.awaitHealthy(Duration.ofMinutes(3));
            train(client, checkpoints, warmUp);
            for (int round = 0; round < TRAINER_ROUNDS; round++) {
                TrainingTrigger trigger = trainingTrigger("bench-training-" + round, manifest, kept, client);
                Run bareRound = bare.train(trigger);
                assertEquals(Map.of(TrainingOutcome.Trained.class.getSimpleName(), 1), bareRound.outcomes(),
                        "the bare training");

                WorkerSample before = WorkerSample.of(worker, TrainerWorker.STAGE);
                Stopwatch workerClock = Stopwatch.start(worker.pid());
                lastCheckpoint = train(client, checkpoints, trigger);
                Run workerRound = new Run(workerPath, kept.size(), workerClock.seconds(), workerClock.cpu(),
                        modelThread(before, WorkerSample.of(worker, TrainerWorker.STAGE)), kept.size(),
                        Map.of(lastCheckpoint.getStatus().name(), 1));
                assertEquals(CheckpointStatus.READY, lastCheckpoint.getStatus(), "the trainer worker's checkpoint");
                rounds.add(bareRound, workerRound);
            }
        }
        return new TrainerRuns(rounds.comparison(), lastCheckpoint);
    }

    /** A manual trigger of {@code labels}, its label manifest stored where the trigger says. */
    private static TrainingTrigger trainingTrigger(String triggerId, BackboneManifest manifest, List<PseudoLabel> labels,
                                                   StackClient client) {
        LabelManifest set = new LabelManifest(triggerId, manifest.name(), TriggerReason.MANUAL, null, Instant.now(),
                labels);
        try (ObjectStore store = client.objectStore()) {
            store.put(set.location(), LabelManifestCodec.encode(set), LabelManifestCodec.CONTENT_TYPE);
        }
        return TrainingTrigger.newBuilder().setTriggerId(triggerId).setBackboneId(manifest.name())
                .setManifestUri(set.location().format()).setLabelCount(labels.size()).setReason(TriggerReason.MANUAL)
                .setCreatedAt(Instant.now()).build();
    }

    /** Sends {@code trigger} and waits for the trainer's checkpoint of it. */
    private static Checkpoint train(StackClient client, TopicReader<Checkpoint> checkpoints, TrainingTrigger trigger)
            throws Exception {
        String triggerId = trigger.getTriggerId();
        client.send(Topics.TRAINING_TRIGGERS, triggerId, trigger);
        return checkpoints.awaitUntil(all -> all.stream().anyMatch(record -> triggerId.equals(record.value().getTriggerId())),
                        PATIENCE, "a checkpoint of " + triggerId, record -> record.value().getStatus().name())
                .stream().filter(record -> triggerId.equals(record.value().getTriggerId()))
                .map(ConsumerRecord::value).findFirst().orElseThrow();
    }

    /**
     * {@value #STORE_WARM_UP} untimed uploads of the inputs' pictures (about the size of an overlay) to
     * the embedded S3Proxy, which runs in this JVM: a long-running object store is at steady state, but
     * this one starts cold, and its JIT warm-up would be counted against the workers only. Measured
     * alone (client and server CPU per 43 KB upload): 14.9 ms over the first 300 uploads, 3.7-5.3 ms up
     * to the 3,000th, 2.0 ms after 9,000.
     */
    private static void warmUpObjectStore(StackClient client, List<Item> pictures) {
        try (ObjectStore store = client.objectStore()) {
            for (int i = 0; i < STORE_WARM_UP; i++) {
                store.put(new ObjectRef(ObjectStoreLayout.OVERLAYS_BUCKET, "benchmark-warm-up/" + i % 64),
                        pictures.get(i % pictures.size()).png(), "image/png");
            }
        }
    }

    /** A worker's inputs: its warm-up, then the timed ones. */
    private static List<Item> items(String prefix) {
        return items(prefix, WORKER_WARM_UP + QUESTIONS);
    }

    /**
     * The same scenes and questions each time ({@code count} of them), ids starting with {@code prefix};
     * item {@code i} is scene {@code 5000 + i} whatever the prefix.
     */
    static List<Item> items(String prefix, int count) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seed = 5_000 + i;
            byte[] png = SCENES.computeIfAbsent(seed, s -> bytes(TestInputs.scene(s).getInlineBytes()));
            items.add(new Item(String.format(Locale.ROOT, "%s-%04d", prefix, i), i, png, TestInputs.questionAbout(seed)));
        }
        return items;
    }

    /** A worker's model code in a bare loop in a JVM of its own ({@link BareLoopMain}), timed per request. */
    private record BareLoop(String path, BareLoopProcess process) implements AutoCloseable {

        static BareLoop start(String path, List<String> arguments, Path log) throws IOException {
            return new BareLoop(path, BareLoopProcess.start(arguments, log));
        }

        /** Runs over {@code items} (consecutive ones) in batches; the child makes them first, untimed. */
        Run run(List<Item> items) throws IOException {
            int to = items.get(items.size() - 1).index() + 1;
            process.request("prepare " + to);
            Run run = request("run " + items.get(0).index() + " " + to, BATCH);
            assertEquals(items.size(), run.items(), path);
            return run;
        }

        /** One training on the label set of {@code trigger}, read before it is timed. */
        Run train(TrainingTrigger trigger) throws IOException {
            return request(String.join(" ", "train", trigger.getTriggerId(), trigger.getManifestUri(),
                    trigger.getBackboneId(), Integer.toString(trigger.getLabelCount())), trigger.getLabelCount());
        }

        private Run request(String request, double meanBatch) throws IOException {
            Stopwatch clock = Stopwatch.start(process.pid());
            BareLoopProcess.Reply reply = process.request(request);
            return new Run(path, reply.items(), reply.seconds(), clock.cpu(),
                    new ModelThread(reply.seconds(), reply.threadCpuSeconds(), reply.faults()), meanBatch,
                    reply.outcomes());
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private static Comparison inferenceWorker(StackClient client, StackEndpoints stack, BackboneManifest manifest,
                                              String checkpointVersion, List<Item> items, boolean overlays, boolean pipelined, Path logs,
                                              BareLoop bare) throws Exception {
        Map<String, String> config = workerConfig(stack, pipelined);
        config.put("overlays.enabled", Boolean.toString(overlays));
        String path = "inference worker through Kafka, overlays " + (overlays ? "on (default)" : "off") + ", "
                + pipelining(pipelined);
        try (TopicReader<RoiAnswer> answers = client.reader(Topics.ANSWERS)) {
            return throughWorker(path, ServiceModule.INFERENCE, InferenceWorker.STAGE, config, bare,
                    logs.resolve("inference-" + overlays + "-" + pipelined + ".log"),
                    items, answers, batch -> client.sendAll(Topics.INFERENCE_TASKS, keyed(batch, item -> TestInputs.task(
                            TestInputs.question(item.id(), TestInputs.inlinePng(item.png()), item.question()),
                            checkpointVersion, manifest.name()))),
                    answer -> answer.getMode().name());
        }
    }

    private static Comparison labelerWorker(StackClient client, StackEndpoints stack, List<Item> items,
                                            boolean pipelined, Path logs, BareLoop bare) throws Exception {
        try (TopicReader<PseudoLabel> labels = client.reader(Topics.PSEUDO_LABELS)) {
            return throughWorker("labeler worker through Kafka (inline images and maps stored in S3), "
                            + pipelining(pipelined), ServiceModule.LABELER, LabelerWorker.STAGE,
                    workerConfig(stack, pipelined), bare,
                    logs.resolve("labeler-" + pipelined + ".log"), items, labels,
                    batch -> client.sendAll(Topics.LABEL_REQUESTS, keyed(batch, item -> TestInputs.labelRequest(
                            item.id(), TestInputs.inlinePng(item.png()), item.question()))),
                    label -> label.getDecision() == LabelDecision.KEPT ? "kept" : "dropped");
        }
    }

    /** Sends items as input records, all at once. */
    @FunctionalInterface
    private interface Publish {
        void send(List<Item> items) throws Exception;
    }

    private static <V> Map<String, V> keyed(List<Item> items, Function<Item, V> value) {
        Map<String, V> records = new LinkedHashMap<>();
        items.forEach(item -> records.put(item.id(), value.apply(item)));
        return records;
    }

    /**
     * Starts {@code module} as a child JVM, sends the warm-up inputs and waits for their outputs, then
     * times {@value #ROUNDS} rounds of the rest, each round first through {@code bare} and then through
     * the worker (the round's inputs sent all at once, so that the worker has a backlog from the
     * start, until every output is readable with read_committed).
     */
    private static <V> Comparison throughWorker(String path, ServiceModule module, String stage, Map<String, String> config,
                                                BareLoop bare, Path log, List<Item> items, TopicReader<V> outputs,
                                                Publish publish, Function<V, String> outcome) throws Exception {
        List<Item> warmUp = items.subList(0, WORKER_WARM_UP);
        List<Item> measured = items.subList(WORKER_WARM_UP, items.size());
        Rounds rounds = new Rounds();
        try (ServiceProcess worker = ServiceProcess.start(module.launch(RoistreamHome.find(), Ports.free(), config,
                log))) {
            worker.awaitHealthy(Duration.ofMinutes(3));
            publish.send(warmUp);
            awaitAll(outputs, warmUp, outcome);
            for (int round = 0; round < ROUNDS; round++) {
                List<Item> inputs = measured.subList(round * measured.size() / ROUNDS,
                        (round + 1) * measured.size() / ROUNDS);
                rounds.add(bare.run(inputs), workerRound(path, worker, stage, inputs, outputs, publish, outcome));
            }
        }
        Set<String> ids = measured.stream().map(Item::id).collect(Collectors.toSet());
        assertEquals(measured.size(), outputs.poll().stream().filter(record -> ids.contains(record.key())).count(),
                path + ": one output per input, after the worker stopped");
        return rounds.comparison();
    }

    /** Sends {@code inputs} to the running {@code worker} all at once and times them to their last output. */
    private static <V> Run workerRound(String path, ServiceProcess worker, String stage, List<Item> inputs,
                                       TopicReader<V> outputs, Publish publish, Function<V, String> outcome)
            throws Exception {
        WorkerSample before = WorkerSample.of(worker, stage);
        Stopwatch clock = Stopwatch.start(worker.pid());
        publish.send(inputs);
        List<ConsumerRecord<String, V>> all = awaitAll(outputs, inputs, outcome);
        double seconds = clock.seconds();
        CpuTime cpu = clock.cpu();
        WorkerSample after = WorkerSample.of(worker, stage);
        double meanBatch = MetricsScrape.increase(before.metrics(), after.metrics(), "roistream_batch_records_sum")
                / MetricsScrape.increase(before.metrics(), after.metrics(), "roistream_batch_records_count");
        Set<String> ids = inputs.stream().map(Item::id).collect(Collectors.toSet());
        Map<String, Integer> outcomes = new TreeMap<>();
        int seen = 0;
        for (ConsumerRecord<String, V> record : all) {
            if (ids.contains(record.key())) {
                outcomes.merge(outcome.apply(record.value()), 1, Integer::sum);
                seen++;
            }
        }
        assertEquals(inputs.size(), seen, path + ": one output per input");
        return new Run(path, inputs.size(), seconds, cpu, modelThread(before, after), meanBatch, outcomes);
    }

    /** A worker's metrics and the page faults of its model's thread at one moment. */
    private record WorkerSample(String metrics, PageFaults faults) {
        static WorkerSample of(ServiceProcess worker, String stage) throws IOException, InterruptedException {
            return new WorkerSample(MetricsScrape.scrape(worker.metricsPort()),
                    PageFaults.ofThread(worker.pid(), ProcessingLoop.processingThreadName(stage)));
        }
    }

    /** A worker's processing thread between two samples. */
    private static ModelThread modelThread(WorkerSample before, WorkerSample after) {
        return new ModelThread(
                MetricsScrape.increase(before.metrics(), after.metrics(), "roistream_processing_busy_seconds_total"),
                MetricsScrape.increase(before.metrics(), after.metrics(), "roistream_processing_cpu_seconds_total"),
                after.faults().since(before.faults()));
    }

    private static Map<String, String> workerConfig(StackEndpoints stack, boolean pipelined) {
        Map<String, String> config = new LinkedHashMap<>(Pipeline.endpointsConfig(stack));
        config.put("model.threads", "1");
        config.put("kafka.batch.max-records", Integer.toString(BATCH));
        config.put("kafka.batch.pipelined", Boolean.toString(pipelined));
        return config;
    }

    private static String pipelining(boolean pipelined) {
        return pipelined ? "batches pipelined (default)" : "one batch at a time";
    }

    /** The RoI threshold the trainer chose for {@code trained}. */
    private static double threshold(Checkpoint trained) {
        String value = trained.getHyperParameters().get(CheckpointCache.THRESHOLD_KEY);
        assertNotNull(value, "the trained checkpoint's " + CheckpointCache.THRESHOLD_KEY);
        return Double.parseDouble(value);
    }

    /** Reads until there is an output for each of {@code items}; returns every output read so far. */
    private static <V> List<ConsumerRecord<String, V>> awaitAll(TopicReader<V> outputs, List<Item> items,
                                                                Function<V, String> outcome) {
        Set<String> ids = items.stream().map(Item::id).collect(Collectors.toSet());
        return outputs.awaitUntil(all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ids),
                PATIENCE, "outputs for " + ids.size() + " inputs", record -> outcome.apply(record.value()));
    }

    private static void write(List<Comparison> inference, List<Comparison> labeler, List<Comparison> trainer,
                              Checkpoint trained) throws IOException {
        double tau = threshold(trained);
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", inference.get(0).worker().items());
        result.put("rounds", ROUNDS);
        result.put("batch", BATCH);
        result.put("warm_up_items", Map.of("bare_loop", WARM_UP, "worker", WORKER_WARM_UP,
                "object_store_uploads", STORE_WARM_UP));
        result.put("model_threads", 1);
        result.put("malloc_env", Map.of("MALLOC_TRIM_THRESHOLD_", String.valueOf(System.getenv("MALLOC_TRIM_THRESHOLD_")),
                "MALLOC_MMAP_THRESHOLD_", String.valueOf(System.getenv("MALLOC_MMAP_THRESHOLD_"))));
        result.put("inference", section(inference, Map.of("tau", tau,
                "checkpoint", "the RPN of the trainer worker's last training (" + trained.getLabelCount()
                        + " of the labeler's kept labels)")));
        result.put("labeler", section(labeler, Map.of()));
        result.put("trainer", section(trainer, Map.of("settings", "trainer defaults (4 epochs, batch 32)")));
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("load_average_1m", round(loadAverage));
        result.put("measured_at", Instant.now().toString());
        result.put("command", COMMAND);
        Path folder = Files.createDirectories(RoistreamHome.find().resolve("docs").resolve("results"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(folder.resolve("throughput.json").toFile(), result);
        StringBuilder markdown = new StringBuilder("# Worker throughput: through Kafka vs a bare loop\n\n")
                .append("The same ").append(inference.get(0).worker().items()).append(" generated scenes (inline PNG,")
                .append(" the fine-grained mix of questions), one PyTorch thread, micro-batches of ").append(BATCH)
                .append(" on both sides, in one run. Each worker path is timed in ").append(ROUNDS)
                .append(" rounds, each round's inputs first through the bare loop and then through the worker,")
                .append(" so that a slow spell of this shared machine hits both sides of a round; its ratio is the")
                .append(" median of the rounds' ratios (each round's in brackets).\n\n")
                .append("## Inference worker (SD-RPN answers with the RPN trained in the trainer section on ")
                .append(trained.getLabelCount()).append(" labels, its tau ").append(tau).append(")\n\n")
                .append(table(inference, "answers/s"))
                .append("\n## Labeler worker (pseudo-labels)\n\n")
                .append(table(labeler, "labels/s"))
                .append("\n## Trainer worker (RPN trainings on the labeler's kept labels, trainer defaults, ")
                .append(TRAINER_ROUNDS).append(" rounds)\n\n")
                .append(table(trainer, "labels trained/s"))
                .append("\nThe workers' extra work per batch: Avro decoding, image intake checks (sha256, header),")
                .append(" objects written to S3 (inference: an overlay picture per answer that ran the RPN; labeler: the inline")
                .append(" image and the attention maps of every sample), one Kafka transaction. A bare loop decodes")
                .append(" each batch's PNGs on its one thread before the model runs; a worker checks and decodes them")
                .append(" on its loop thread while the model works on the previous batch (`prepare`), so its model")
                .append(" thread's CPU per item leaves the decoding out. A worker round's clock")
                .append(" runs from its first input sent (its inputs are sent at once, without waiting between them)")
                .append(" to its last output readable with read_committed. Steady state, as in a long-running")
                .append(" service: each bare loop first runs ").append(WARM_UP).append(" other inputs untimed, each")
                .append(" worker ").append(WORKER_WARM_UP).append(" (its object-store client, like any JIT-compiled")
                .append(" HTTP client, needs thousands of requests to reach its steady cost), both in the process")
                .append(" that is then timed (the trainer: one untimed training on the same labels); the")
                .append(" embedded S3Proxy (in this JVM) first takes ").append(STORE_WARM_UP)
                .append(" untimed uploads of the inputs' pictures. Pipelined (`kafka.batch.pipelined`, the default): the model works on")
                .append(" batch N+1 while batch N's objects are written and its transaction commits; one batch at a")
                .append(" time: each batch is processed, written and committed before the next is started.")
                .append(" Every bare loop runs in a JVM of its own (`BareLoopMain`), started as the workers are (same")
                .append(" `java`, options and environment), so that both sides of a comparison run in the same kind of")
                .append(" process; this test's JVM, which hosts the embedded broker and S3Proxy, ran the same model code")
                .append(" up to 1.7 times slower than a fresh JVM in earlier runs.")
                .append(" CPU per item over the timed window: the path's own process (the worker's or the bare loop's")
                .append(" JVM, all its threads), this test JVM (the embedded broker and S3Proxy and the test's clients)")
                .append(" and the whole machine (`/proc/stat`: also the registry process and anything else running).")
                .append(" Model thread: the thread that runs the model (a worker's processing thread, from its")
                .append(" `roistream_processing_busy_seconds` and `roistream_processing_cpu_seconds` metrics: the wall")
                .append(" and CPU time of its batches' processing steps; a bare loop's own thread, busy all along):")
                .append(" the share of the round's wall time it was busy (below 100%: the pipeline left the model")
                .append(" idle), its CPU per item, its busy time off a CPU per item (waiting for a core the")
                .append(" machine's other threads held, or blocked), and the page faults it took per item (Linux")
                .append(" `/proc/.../stat` of that thread over the round: minor, memory the allocator had handed back to")
                .append(" the system and touched again; major, pages read back from disk). Ratio at equal model cost: the")
                .append(" worker's share of wall time its model thread spent computing (CPU per item over wall time per")
                .append(" item) over the bare loop's: the ratio if the model code cost the same CPU per item in both")
                .append(" processes. It has not: in one run the same inference code took 20 ms of CPU per answer in one")
                .append(" JVM and 33 ms in another, with no page faults (`throughput-runs.md`), which moves the plain")
                .append(" ratio by as much; this one measures what the pipeline costs the model thread (and leaves out")
                .append(" what a worker gains by decoding beside it).")
                .append("\n\n")
                .append(String.format(Locale.ROOT, "Machine: %d CPUs shared with the embedded broker, S3Proxy and"
                        + " registry and this test's clients (1-minute load average %.1f at the end): the bare loop"
                        + " has a core to itself, the worker shares both with the stack it writes to; expect noise."
                        + "%n%n", Runtime.getRuntime().availableProcessors(), loadAverage))
                .append("Command (from the repository root, after `mvn -B -q -o install -DskipTests -pl tests -am`):")
                .append("\n\n```\n").append(COMMAND).append("\n```\n\nFigures: `throughput.json`.\n");
        Files.writeString(folder.resolve("throughput.md"), markdown, StandardCharsets.UTF_8);
    }

    /** The bare loop's rounds of all {@code comparisons} as one run. */
    private static Run bare(List<Comparison> comparisons) {
        return comparisons.stream().map(Comparison::bare).reduce(Run::plus).orElseThrow();
    }

    private static Map<String, Object> section(List<Comparison> comparisons, Map<String, Object> extra) {
        Map<String, Object> section = new LinkedHashMap<>(extra);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(bare(comparisons), null));
        comparisons.forEach(comparison -> rows.add(row(comparison.worker(), comparison)));
        section.put("runs", rows);
        return section;
    }

    private static Map<String, Object> row(Run run, Comparison comparison) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", run.path());
        row.put("seconds", round(run.seconds()));
        row.put("per_second", round(run.perSecond()));
        if (comparison != null) {
            row.put("over_bare", round(comparison.ratio()));
            row.put("over_bare_by_round", comparison.ratios().stream().map(ThroughputBenchmark::round).toList());
            row.put("per_second_by_round", Map.of(
                    "bare", comparison.barePerSecond().stream().map(ThroughputBenchmark::round).toList(),
                    "worker", comparison.workerPerSecond().stream().map(ThroughputBenchmark::round).toList()));
            row.put("bare_per_second_same_rounds", round(comparison.bare().perSecond()));
            row.put("over_bare_at_equal_model_cost", round(comparison.ratioAtEqualModelCost()));
        }
        row.put("mean_batch", round(run.meanBatch()));
        row.put("cpu_ms_per_item", Map.of("process", round(run.perItemMs(run.cpu().child())),
                "test_jvm", round(run.perItemMs(run.cpu().thisJvm())),
                "machine", round(run.perItemMs(run.cpu().machine()))));
        row.put("model_thread", Map.of("busy_share", round(run.modelBusyShare()),
                "computing_share", round(run.modelComputingShare()),
                "cpu_ms_per_item", round(run.perItemMs(run.model().cpuSeconds())),
                "waiting_ms_per_item", round(run.perItemMs(run.model().busySeconds() - run.model().cpuSeconds())),
                "minor_faults_per_item", round(run.perItem(run.model().faults().minor())),
                "major_faults_per_item", round(run.perItem(run.model().faults().major()))));
        row.put("outcomes", run.outcomes());
        return row;
    }

    private static String table(List<Comparison> comparisons, String unit) {
        StringBuilder table = new StringBuilder("| path | seconds | " + unit + " | ratio to bare (rounds) | ratio at"
                + " equal model cost | bare " + unit + " in the same rounds | mean batch | CPU ms per item: its process / test JVM / machine"
                + " | model thread: busy % / CPU ms per item / waiting ms per item / page faults per item (minor, major)"
                + " | outputs |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        Run bare = bare(comparisons);
        table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | 1 | 1 | - | %.1f | %.1f / %.1f / %.1f | %s | %s |%n",
                bare.path(), bare.seconds(), bare.perSecond(), bare.meanBatch(), bare.perItemMs(bare.cpu().child()),
                bare.perItemMs(bare.cpu().thisJvm()),
                bare.perItemMs(bare.cpu().machine()), modelThreadCell(bare), bare.outcomes()));
        for (Comparison comparison : comparisons) {
            Run run = comparison.worker();
            String rounds = comparison.ratios().size() == 1 ? "" : comparison.ratios().stream()
                    .map(ratio -> String.format(Locale.ROOT, "%.2f", ratio)).collect(Collectors.joining(", ", " (", ")"));
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | **%.2f**%s | %.2f | %.2f | %.1f | %.1f / %.1f"
                            + " / %.1f | %s | %s |%n", run.path(), run.seconds(), run.perSecond(), comparison.ratio(), rounds,
                    comparison.ratioAtEqualModelCost(), comparison.bare().perSecond(), run.meanBatch(), run.perItemMs(run.cpu().child()),
                    run.perItemMs(run.cpu().thisJvm()), run.perItemMs(run.cpu().machine()), modelThreadCell(run),
                    run.outcomes()));
        }
        return table.toString();
    }

    private static String modelThreadCell(Run run) {
        return String.format(Locale.ROOT, "%.0f%% / %.1f / %.1f / %.0f, %.1f", 100 * run.modelBusyShare(),
                run.perItemMs(run.model().cpuSeconds()), run.perItemMs(run.model().busySeconds() - run.model().cpuSeconds()),
                run.perItem(run.model().faults().minor()), run.perItem(run.model().faults().major()));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

}
