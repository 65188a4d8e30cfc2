package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.cli.pipeline.Pipeline;
import io.roistream.cli.pipeline.RoistreamHome;
import io.roistream.cli.pipeline.ServiceModule;
import io.roistream.cli.pipeline.ServiceProcess;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.PseudoLabel;
import io.roistream.events.RoiAnswer;
import io.roistream.events.TrainingTrigger;
import io.roistream.events.TriggerReason;
import io.roistream.inference.AnswerEngine;
import io.roistream.model.answer.Query;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.model.rpn.RpnConfig;
import io.roistream.runtime.manifest.LabelManifest;
import io.roistream.runtime.manifest.LabelManifestCodec;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
import io.roistream.trainer.LabelSetReader;
import io.roistream.trainer.LabelledSample;
import io.roistream.trainer.RpnTraining;
import io.roistream.trainer.TrainerSettings;
import io.roistream.trainer.TrainingOutcome;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the workers through Kafka against the same model code in a bare loop, on the same
 * inputs: answers (or labels) per second of each and their ratio, measured side by side in one run.
 * One PyTorch thread, micro-batches of {@value #BATCH} on both sides; one warm-up batch each is not
 * timed.
 *
 * <ul>
 *   <li>inference: SD-RPN answers (an untrained, twig-initialised RPN checkpoint; tau
 *       {@value #TAU}); the bare loop decodes each PNG and calls {@link AnswerEngine#withRpn} (what
 *       the worker's batch processor calls); the worker also checks images, reads Avro, writes
 *       overlays to S3 and commits a Kafka transaction per batch. It runs three times: with overlay
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

    private static final int QUESTIONS = Integer.getInteger("roistream.benchmark.questions", 384);
    private static final int BATCH = 8;
    private static final double TAU = 0.15;
    private static final String VERSION = "bench-twig";
    private static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final String COMMAND = "mvn -B -o -pl tests verify -Dtest=ThroughputBenchmark "
            + "-Droistream.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false";

    /** One question as both sides see it. */
    private record Item(String id, byte[] png, String question) {
    }

    /** One side of a comparison: how long its measured items took, the CPU they cost, how its outputs split. */
    private record Run(String path, int items, double seconds, CpuTime cpu, double meanBatch,
                       Map<String, Integer> outcomes) {
        double perSecond() {
            return items / seconds;
        }

        /** CPU milliseconds per item. */
        double perItemMs(double cpuSeconds) {
            return cpuSeconds * 1000 / items;
        }
    }

    @Test
    void workersThroughKafkaAgainstBareLoops(StackEndpoints stack) throws Exception {
        List<Item> items = items("bench");
        List<Item> warmUp = items.subList(0, BATCH);
        List<Item> measured = items.subList(BATCH, items.size());

        Engines.configure(1, 17);
        BackboneManifest manifest = DefaultBackbone.manifest();
        byte[] checkpointFile;
        Run bareInference;
        Run bareLabeler;
        try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            try (Rpn rpn = Rpn.twigInit(backbone, RpnConfig.endingAtGroundingLayer(manifest.grounding().layer()))) {
                checkpointFile = RpnCheckpoint.encode(rpn, manifest, Map.of(), Map.of(), Instant.now().toEpochMilli());
            }
            try (Rpn rpn = RpnCheckpoint.load(checkpointFile, RpnCheckpoint.sha256(checkpointFile), backbone, manifest)) {
                AnswerEngine engine = AnswerEngine.of(backbone, manifest);
                bareInference = bareLoop("bare loop (PNG decode + `AnswerEngine.withRpn`)", warmUp, measured,
                        (images, questions) -> engine.withRpn(rpn, TAU, queries(images, questions)).stream()
                                .map(answer -> answer.mode().name()).toList());
            }
            PseudoLabeler labeler = PseudoLabeler.of(backbone, manifest);
            bareLabeler = bareLoop("bare loop (PNG decode + `PseudoLabeler.teach`)", warmUp, measured,
                    (images, questions) -> labeler.teach(images, questions).stream()
                            .map(taught -> taught.kept() ? "kept" : "dropped").toList());
        }

        Path logs = WorkDirs.fresh("ThroughputBenchmark");
        Run withOverlays;
        Run withOverlaysOneByOne;
        Run withoutOverlays;
        Run labelerWorker;
        Run labelerOneByOne;
        List<Run> trainer;
        try (StackClient client = StackClient.provisioned(stack)) {
            publishCheckpoint(client, manifest, checkpointFile);
            withOverlays = inferenceWorker(client, stack, manifest, items("overlays"), true, true, logs);
            withOverlaysOneByOne = inferenceWorker(client, stack, manifest, items("one-by-one"), true, false, logs);
            withoutOverlays = inferenceWorker(client, stack, manifest, items("plain-pictures"), false, true, logs);
            List<Item> labelled = items("labels");
            labelerWorker = labelerWorker(client, stack, labelled, true, logs);
            labelerOneByOne = labelerWorker(client, stack, items("labels-one-by-one"), false, logs);
            trainer = trainer(client, stack, manifest, labelled, logs);
        }
        for (Run run : List.of(withOverlays, withOverlaysOneByOne, withoutOverlays)) {
            assertEquals(bareInference.outcomes(), run.outcomes(), "answer modes, bare vs " + run.path());
        }
        for (Run run : List.of(labelerWorker, labelerOneByOne)) {
            assertEquals(bareLabeler.outcomes(), run.outcomes(), "labels kept and dropped, bare vs " + run.path());
        }
        write(List.of(bareInference, withOverlays, withOverlaysOneByOne, withoutOverlays),
                List.of(bareLabeler, labelerWorker, labelerOneByOne), trainer);
    }

    /**
     * The labeler's kept labels of {@code labelled} (maps already in S3) as one training set: trained
     * by {@link RpnTraining#train} on the samples in memory (bare), then by the trainer worker from a
     * {@code TrainingTrigger} to the READY {@code Checkpoint} (reading the manifest, maps and images
     * from S3, uploading the checkpoint).
     */
    private static List<Run> trainer(StackClient client, StackEndpoints stack, BackboneManifest manifest,
                                     List<Item> labelled, Path logs) throws Exception {
        Set<String> ids = labelled.stream().map(Item::id).collect(Collectors.toSet());
        List<PseudoLabel> kept;
        try (TopicReader<PseudoLabel> labels = client.reader(Topics.PSEUDO_LABELS)) {
            kept = labels.poll().stream().filter(record -> ids.contains(record.key()))
                    .map(ConsumerRecord::value).filter(label -> label.getDecision() == LabelDecision.KEPT).toList();
        }
        String triggerId = "bench-training";
        LabelManifest set = new LabelManifest(triggerId, manifest.name(), TriggerReason.MANUAL, null, Instant.now(),
                kept);
        TrainingTrigger trigger = TrainingTrigger.newBuilder().setTriggerId(triggerId).setBackboneId(manifest.name())
                .setManifestUri(set.location().format()).setLabelCount(kept.size()).setReason(TriggerReason.MANUAL)
                .setCreatedAt(Instant.now()).build();
        TrainerSettings settings = TrainerSettings.defaults();
        double bareSeconds;
        CpuTime bareCpu;
        String bareStatus;
        try (ObjectStore store = client.objectStore();
             ParallelTransfers transfers = new ParallelTransfers("bench", 3);
             DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            store.put(set.location(), LabelManifestCodec.encode(set), LabelManifestCodec.CONTENT_TYPE);
            List<LabelledSample> samples = new LabelSetReader(store, settings, transfers, manifest.version()).read(trigger).samples();
            long start = System.nanoTime();
            CpuTime cpuBefore = CpuTime.now(0);
            TrainingOutcome outcome = new RpnTraining(backbone, manifest, settings).train(samples, Optional.empty(),
                    Instant.now().toEpochMilli());
            bareSeconds = (System.nanoTime() - start) / 1e9;
            bareCpu = CpuTime.now(0).since(cpuBefore);
            bareStatus = outcome.getClass().getSimpleName();
        }
        double kafkaSeconds;
        CpuTime kafkaCpu;
        String kafkaStatus;
        try (TopicReader<Checkpoint> checkpoints = client.reader(Topics.CHECKPOINTS);
             ServiceProcess worker = ServiceProcess.start(ServiceModule.TRAINER.launch(RoistreamHome.find(),
                     Ports.free(), workerConfig(stack, true), logs.resolve("trainer.log")))) {
            worker.awaitHealthy(Duration.ofMinutes(3));
            long start = System.nanoTime();
            CpuTime cpuBefore = CpuTime.now(worker.pid());
            client.send(Topics.TRAINING_TRIGGERS, triggerId, trigger);
            List<ConsumerRecord<String, Checkpoint>> made = checkpoints.awaitUntil(all -> all.stream()
                    .anyMatch(record -> triggerId.equals(record.value().getTriggerId())), PATIENCE,
                    "a checkpoint of " + triggerId, record -> record.value().getStatus().name());
            kafkaSeconds = (System.nanoTime() - start) / 1e9;
            kafkaCpu = CpuTime.now(worker.pid()).since(cpuBefore);
            kafkaStatus = made.stream().filter(record -> triggerId.equals(record.value().getTriggerId()))
                    .map(record -> record.value().getStatus().name()).findFirst().orElseThrow();
        }
        assertEquals(CheckpointStatus.READY.name(), kafkaStatus, "the trainer worker's checkpoint");
        return List.of(
                new Run("bare `RpnTraining.train` (samples in memory)", kept.size(), bareSeconds, bareCpu, kept.size(),
                        Map.of(bareStatus, 1)),
                new Run("trainer worker through Kafka (trigger to READY checkpoint: manifest, maps and images read"
                        + " from S3, checkpoint uploaded)", kept.size(), kafkaSeconds, kafkaCpu, kept.size(),
                        Map.of(kafkaStatus, 1)));
    }

    /** The same scenes and questions each time, ids starting with {@code prefix}. */
    private static List<Item> items(String prefix) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < QUESTIONS + BATCH; i++) {
            long seed = 5_000 + i;
            items.add(new Item(String.format(Locale.ROOT, "%s-%04d", prefix, i), bytes(TestInputs.scene(seed)
                    .getInlineBytes()), TestInputs.questionAbout(seed)));
        }
        return items;
    }

    /** What a bare loop runs on one batch: one outcome name per input. */
    @FunctionalInterface
    private interface BatchModel {
        List<String> run(List<BufferedImage> images, List<String> questions);
    }

    /** Runs {@code model} over {@code warmUp} untimed, then over {@code measured} in batches, timed. */
    private static Run bareLoop(String path, List<Item> warmUp, List<Item> measured, BatchModel model)
            throws IOException {
        batches(warmUp, model);
        long start = System.nanoTime();
        CpuTime cpuBefore = CpuTime.now(0);
        Map<String, Integer> outcomes = batches(measured, model);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuTime cpu = CpuTime.now(0).since(cpuBefore);
        assertEquals(measured.size(), outcomes.values().stream().mapToInt(Integer::intValue).sum(), path);
        return new Run(path, measured.size(), seconds, cpu, BATCH, outcomes);
    }

    private static Map<String, Integer> batches(List<Item> items, BatchModel model) throws IOException {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int from = 0; from < items.size(); from += BATCH) {
            List<BufferedImage> images = new ArrayList<>();
            List<String> questions = new ArrayList<>();
            for (Item item : items.subList(from, Math.min(items.size(), from + BATCH))) {
                images.add(ImageIO.read(new ByteArrayInputStream(item.png())));
                questions.add(item.question());
            }
            model.run(images, questions).forEach(outcome -> outcomes.merge(outcome, 1, Integer::sum));
        }
        return outcomes;
    }

    private static List<Query> queries(List<BufferedImage> images, List<String> questions) {
        List<Query> queries = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            queries.add(Query.of(images.get(i), questions.get(i)));
        }
        return queries;
    }

    private static Run inferenceWorker(StackClient client, StackEndpoints stack, BackboneManifest manifest,
                                       List<Item> items, boolean overlays, boolean pipelined, Path logs)
            throws Exception {
        Map<String, String> config = workerConfig(stack, pipelined);
        config.put("overlays.enabled", Boolean.toString(overlays));
        String path = "inference worker through Kafka, overlays " + (overlays ? "on (default)" : "off") + ", "
                + pipelining(pipelined);
        try (TopicReader<RoiAnswer> answers = client.reader(Topics.ANSWERS)) {
            return throughWorker(path, ServiceModule.INFERENCE, config,
                    logs.resolve("inference-" + overlays + "-" + pipelined + ".log"),
                    items, answers, batch -> client.sendAll(Topics.INFERENCE_TASKS, keyed(batch, item -> TestInputs.task(
                            TestInputs.question(item.id(), TestInputs.inlinePng(item.png()), item.question()),
                            VERSION, manifest.name()))),
                    answer -> answer.getMode().name());
        }
    }

    private static Run labelerWorker(StackClient client, StackEndpoints stack, List<Item> items, boolean pipelined,
                                     Path logs) throws Exception {
        try (TopicReader<PseudoLabel> labels = client.reader(Topics.PSEUDO_LABELS)) {
            return throughWorker("labeler worker through Kafka (inline images and maps stored in S3), "
                            + pipelining(pipelined), ServiceModule.LABELER, workerConfig(stack, pipelined),
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
     * Starts {@code module} as a child JVM, sends the warm-up batch and waits for its outputs, then
     * times sending the rest (all at once, so that the worker has a backlog from the start) until
     * every output is readable with read_committed.
     */
    private static <V> Run throughWorker(String path, ServiceModule module, Map<String, String> config, Path log,
                                         List<Item> items, TopicReader<V> outputs, Publish publish,
                                         Function<V, String> outcome) throws Exception {
        List<Item> warmUp = items.subList(0, BATCH);
        List<Item> measured = items.subList(BATCH, items.size());
        double seconds;
        CpuTime cpu;
        double meanBatch;
        try (ServiceProcess worker = ServiceProcess.start(module.launch(RoistreamHome.find(), Ports.free(), config,
                log))) {
            worker.awaitHealthy(Duration.ofMinutes(3));
            publish.send(warmUp);
            awaitAll(outputs, warmUp, outcome);
            String metricsBefore = MetricsScrape.scrape(worker.metricsPort());
            long start = System.nanoTime();
            CpuTime cpuBefore = CpuTime.now(worker.pid());
            publish.send(measured);
            awaitAll(outputs, measured, outcome);
            seconds = (System.nanoTime() - start) / 1e9;
            cpu = CpuTime.now(worker.pid()).since(cpuBefore);
            String metricsAfter = MetricsScrape.scrape(worker.metricsPort());
            meanBatch = (MetricsScrape.sum(metricsAfter, "roistream_batch_records_sum", "")
                    - MetricsScrape.sum(metricsBefore, "roistream_batch_records_sum", ""))
                    / (MetricsScrape.sum(metricsAfter, "roistream_batch_records_count", "")
                    - MetricsScrape.sum(metricsBefore, "roistream_batch_records_count", ""));
        }
        Set<String> ids = measured.stream().map(Item::id).collect(Collectors.toSet());
        Map<String, Integer> outcomes = new TreeMap<>();
        int seen = 0;
        for (ConsumerRecord<String, V> record : outputs.poll()) {
            if (ids.contains(record.key())) {
                outcomes.merge(outcome.apply(record.value()), 1, Integer::sum);
                seen++;
            }
        }
        assertEquals(measured.size(), seen, path + ": one output per input");
        return new Run(path, measured.size(), seconds, cpu, meanBatch, outcomes);
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

    private static void publishCheckpoint(StackClient client, BackboneManifest manifest, byte[] file) throws Exception {
        ObjectRef ref = new ObjectRef(ObjectStoreLayout.CHECKPOINTS_BUCKET, manifest.name() + "/" + VERSION + "/rpn.ckpt");
        try (ObjectStore store = client.objectStore()) {
            store.put(ref, file, "application/octet-stream");
        }
        client.send(Topics.CHECKPOINTS, VERSION, Checkpoint.newBuilder().setVersion(VERSION)
                .setBackboneId(manifest.name()).setArtifactUri(ref.format()).setSha256(RpnCheckpoint.sha256(file))
                .setSizeBytes(file.length).setMetrics(Map.of()).setTriggerId(VERSION).setLabelCount(0)
                .setHyperParameters(Map.of()).setStatus(CheckpointStatus.READY).setCreatedAt(Instant.now()).build());
    }

    private static <V> void awaitAll(TopicReader<V> outputs, List<Item> items, Function<V, String> outcome) {
        Set<String> ids = items.stream().map(Item::id).collect(Collectors.toSet());
        outputs.awaitUntil(all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ids),
                PATIENCE, "outputs for " + ids.size() + " inputs", record -> outcome.apply(record.value()));
    }

    private static void write(List<Run> inference, List<Run> labeler, List<Run> trainer) throws IOException {
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("items", inference.get(0).items());
        result.put("batch", BATCH);
        result.put("model_threads", 1);
        result.put("inference", section(inference, Map.of("tau", TAU,
                "checkpoint", "twig-initialised RPN of the shipped backbone (untrained)")));
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
                .append("The same ").append(inference.get(0).items()).append(" generated scenes (inline PNG, the")
                .append(" fine-grained mix of questions), one PyTorch thread, micro-batches of ").append(BATCH)
                .append(" on both sides, measured one after the other in one run.\n\n")
                .append("## Inference worker (SD-RPN answers, twig-initialised RPN, tau ").append(TAU).append(")\n\n")
                .append(table(inference, "answers/s"))
                .append("\n## Labeler worker (pseudo-labels)\n\n")
                .append(table(labeler, "labels/s"))
                .append("\n## Trainer worker (one RPN training on the labeler's kept labels, trainer defaults)\n\n")
                .append(table(trainer, "labels trained/s"))
                .append("\nThe workers' extra work per batch: Avro decoding, image intake checks (sha256, header),")
                .append(" objects written to S3 (inference: an overlay picture per RoI answer; labeler: the inline")
                .append(" image and the attention maps of every sample), one Kafka transaction; the clock runs from")
                .append(" the first input sent (all inputs are sent at once, without waiting between them) to the")
                .append(" last output readable with read_committed. One warm-up batch")
                .append(" each is not timed. Pipelined (`kafka.batch.pipelined`, the default): the model works on")
                .append(" batch N+1 while batch N's objects are written and its transaction commits; one batch at a")
                .append(" time: each batch is processed, written and committed before the next is started.")
                .append(" CPU per item over the timed window: the worker process (all its threads), this test JVM")
                .append(" (the embedded broker and S3Proxy and the test's clients; for a bare loop, the loop itself)")
                .append(" and the whole machine (`/proc/stat`: also the registry process and anything else running).")
                .append("\n\n")
                .append(String.format(Locale.ROOT, "Machine: %d CPUs shared with the embedded broker, S3Proxy and"
                        + " registry and this test's clients (1-minute load average %.1f at the end): the bare loop"
                        + " has a core to itself, the worker shares both with the stack it writes to; expect noise."
                        + "%n%n", Runtime.getRuntime().availableProcessors(), loadAverage))
                .append("Command (from the repository root, after `mvn -B -q -o install -DskipTests -pl tests -am`):")
                .append("\n\n```\n").append(COMMAND).append("\n```\n\nFigures: `throughput.json`.\n");
        Files.writeString(folder.resolve("throughput.md"), markdown, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> section(List<Run> runs, Map<String, Object> extra) {
        Map<String, Object> section = new LinkedHashMap<>(extra);
        Run bare = runs.get(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Run run : runs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", run.path());
            row.put("seconds", round(run.seconds()));
            row.put("per_second", round(run.perSecond()));
            row.put("over_bare", round(run.perSecond() / bare.perSecond()));
            row.put("mean_batch", round(run.meanBatch()));
            row.put("cpu_ms_per_item", Map.of("worker_process", round(run.perItemMs(run.cpu().child())),
                    "test_jvm", round(run.perItemMs(run.cpu().thisJvm())),
                    "machine", round(run.perItemMs(run.cpu().machine()))));
            row.put("outcomes", run.outcomes());
            rows.add(row);
        }
        section.put("runs", rows);
        return section;
    }

    private static String table(List<Run> runs, String unit) {
        StringBuilder table = new StringBuilder("| path | seconds | " + unit + " | ratio to bare | mean batch | CPU ms"
                + " per item: worker / test JVM / machine | outputs |\n|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s | %.1f | %s / %.1f / %.1f | %s |%n",
                    run.path(), run.seconds(), run.perSecond(), run == runs.get(0) ? "1"
                            : String.format(Locale.ROOT, "**%.2f**", run.perSecond() / runs.get(0).perSecond()),
                    run.meanBatch(),
                    run == runs.get(0) ? "-" : String.format(Locale.ROOT, "%.1f", run.perItemMs(run.cpu().child())),
                    run.perItemMs(run.cpu().thisJvm()), run.perItemMs(run.cpu().machine()), run.outcomes()));
        }
        return table.toString();
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
