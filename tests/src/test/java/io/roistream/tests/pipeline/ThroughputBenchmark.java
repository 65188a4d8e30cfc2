package io.roistream.tests.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roistream.cli.pipeline.RoistreamHome;
import io.roistream.cli.pipeline.ServiceModule;
import io.roistream.cli.pipeline.ServiceProcess;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.ImageRef;
import io.roistream.events.InferenceTask;
import io.roistream.events.RoiAnswer;
import io.roistream.inference.AnswerEngine;
import io.roistream.model.answer.Answer;
import io.roistream.model.answer.Query;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.backbone.DefaultBackbone;
import io.roistream.model.backbone.DjlBackbone;
import io.roistream.model.backbone.Engines;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.model.rpn.RpnConfig;
import io.roistream.runtime.objectstore.ObjectRef;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreLayout;
import io.roistream.schemas.Topics;
import io.roistream.stack.StackEndpoints;
import io.roistream.testkit.WithEmbeddedStack;
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
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the inference worker through Kafka against the same model code in a bare loop, on
 * the same questions: answers per second of each and their ratio. Both answer with SD-RPN (an
 * untrained, twig-initialised RPN checkpoint; tau 0.15), one PyTorch thread, micro-batches of
 * {@value #BATCH}; the bare loop decodes each PNG and calls {@link AnswerEngine#withRpn} (what the
 * worker's batch processor calls), the worker also checks images, reads Avro, writes overlays to S3
 * and commits a Kafka transaction per batch. Not a test: it runs only with
 * {@code -Droistream.benchmark=true} and writes {@code docs/results/throughput.json} and {@code .md}.
 *
 * <pre>
 * mvn -B -o -pl tests verify -Dtest=ThroughputBenchmark -Droistream.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = true)
@EnabledIfSystemProperty(named = "roistream.benchmark", matches = "true")
class ThroughputBenchmark {

    private static final int QUESTIONS = Integer.getInteger("roistream.benchmark.questions", 96);
    private static final int BATCH = 8;
    private static final double TAU = 0.15;
    private static final String VERSION = "bench-twig";
    private static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final String COMMAND = "mvn -B -o -pl tests verify -Dtest=ThroughputBenchmark "
            + "-Droistream.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false";

    /** One question as both sides see it. */
    private record Item(String id, byte[] png, String question) {
    }

    @Test
    void inferenceWorkerThroughKafkaAgainstBareLoop(StackEndpoints stack) throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < QUESTIONS + BATCH; i++) {
            long seed = 5_000 + i;
            ImageRef scene = TestInputs.scene(seed);
            items.add(new Item(String.format(Locale.ROOT, "bench-%04d", i), bytes(scene.getInlineBytes()),
                    TestInputs.questionAbout(seed)));
        }
        List<Item> warmUp = items.subList(0, BATCH);
        List<Item> measured = items.subList(BATCH, items.size());

        Engines.configure(1, 17);
        BackboneManifest manifest = DefaultBackbone.manifest();
        byte[] checkpointFile;
        double bareSeconds;
        Map<String, Integer> bareModes;
        try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu())) {
            try (Rpn rpn = Rpn.twigInit(backbone, RpnConfig.endingAtGroundingLayer(manifest.grounding().layer()))) {
                checkpointFile = RpnCheckpoint.encode(rpn, manifest, Map.of(), Map.of(), Instant.now().toEpochMilli());
            }
            try (Rpn rpn = RpnCheckpoint.load(checkpointFile, RpnCheckpoint.sha256(checkpointFile), backbone, manifest)) {
                AnswerEngine engine = AnswerEngine.of(backbone, manifest);
                bareLoop(engine, rpn, warmUp);
                long start = System.nanoTime();
                bareModes = bareLoop(engine, rpn, measured);
                bareSeconds = (System.nanoTime() - start) / 1e9;
                assertEquals(measured.size(), bareModes.values().stream().mapToInt(Integer::intValue).sum(),
                        "bare loop answers");
            }
        }

        double kafkaSeconds;
        Map<String, Integer> kafkaModes = new TreeMap<>();
        Path logs = WorkDirs.fresh("ThroughputBenchmark");
        try (StackClient client = StackClient.provisioned(stack);
             TopicReader<RoiAnswer> answers = client.reader(Topics.ANSWERS)) {
            publishCheckpoint(client, manifest, checkpointFile);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("kafka.bootstrap-servers", stack.bootstrapServers());
            config.put("schema.registry.url", stack.schemaRegistryUrl());
            config.put("objectstore.endpoint", stack.objectStoreEndpoint());
            config.put("objectstore.access-key", stack.objectStoreAccessKey());
            config.put("objectstore.secret-key", stack.objectStoreSecretKey());
            config.put("model.threads", "1");
            config.put("kafka.batch.max-records", Integer.toString(BATCH));
            try (ServiceProcess worker = ServiceProcess.start(ServiceModule.INFERENCE.launch(RoistreamHome.find(),
                    Ports.free(), config, logs.resolve("inference.log")))) {
                worker.awaitHealthy(Duration.ofMinutes(3));
                send(client, manifest, warmUp);
                awaitAll(answers, warmUp);
                long start = System.nanoTime();
                send(client, manifest, measured);
                awaitAll(answers, measured);
                kafkaSeconds = (System.nanoTime() - start) / 1e9;
            }
            assertEquals(items.size(), answers.poll().size(), "answers through Kafka (one per question)");
            for (ConsumerRecord<String, RoiAnswer> record : answers.records().subList(BATCH, items.size())) {
                kafkaModes.merge(record.value().getMode().name(), 1, Integer::sum);
            }
        }
        write(measured.size(), bareSeconds, kafkaSeconds, bareModes, kafkaModes);
    }

    /** Answers {@code items} in batches; returns how many answers had each mode. */
    private static Map<String, Integer> bareLoop(AnswerEngine engine, Rpn rpn, List<Item> items) throws IOException {
        Map<String, Integer> modes = new TreeMap<>();
        for (int from = 0; from < items.size(); from += BATCH) {
            List<Query> queries = new ArrayList<>();
            for (Item item : items.subList(from, Math.min(items.size(), from + BATCH))) {
                queries.add(Query.of(ImageIO.read(new ByteArrayInputStream(item.png())), item.question()));
            }
            for (Answer answer : engine.withRpn(rpn, TAU, queries)) {
                modes.merge(answer.mode().name(), 1, Integer::sum);
            }
        }
        return modes;
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

    private static void send(StackClient client, BackboneManifest manifest, List<Item> items) throws Exception {
        for (Item item : items) {
            InferenceTask task = TestInputs.task(TestInputs.question(item.id(),
                    TestInputs.inlinePng(item.png()), item.question()), VERSION, manifest.name());
            client.send(Topics.INFERENCE_TASKS, item.id(), task);
        }
    }

    private static void awaitAll(TopicReader<RoiAnswer> answers, List<Item> items) {
        List<String> ids = items.stream().map(Item::id).toList();
        answers.awaitUntil(all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(ids),
                PATIENCE, "answers to " + ids.size() + " questions", record -> record.value().getMode().toString());
    }

    private static void write(int questions, double bareSeconds, double kafkaSeconds, Map<String, Integer> bareModes,
                              Map<String, Integer> kafkaModes) throws IOException {
        double bare = questions / bareSeconds;
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double kafka = questions / kafkaSeconds;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("questions", questions);
        result.put("batch", BATCH);
        result.put("model_threads", 1);
        result.put("tau", TAU);
        result.put("checkpoint", "twig-initialised RPN of the shipped backbone (untrained)");
        result.put("bare_loop_seconds", round(bareSeconds));
        result.put("bare_loop_answers_per_second", round(bare));
        result.put("kafka_seconds", round(kafkaSeconds));
        result.put("kafka_answers_per_second", round(kafka));
        result.put("kafka_over_bare", round(kafka / bare));
        result.put("bare_loop_modes", bareModes);
        result.put("kafka_modes", kafkaModes);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("load_average_1m", round(loadAverage));
        result.put("measured_at", Instant.now().toString());
        result.put("command", COMMAND);
        Path folder = Files.createDirectories(RoistreamHome.find().resolve("docs").resolve("results"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(folder.resolve("throughput.json").toFile(), result);
        String markdown = "# Inference throughput: through Kafka vs a bare loop\n\n"
                + "The same " + questions + " questions (generated scenes, inline PNG, the fine-grained mix), answered with\n"
                + "SD-RPN (twig-initialised RPN of the shipped backbone, tau " + TAU + "), one PyTorch thread, batches of "
                + BATCH + ":\n\n"
                + "| path | seconds | answers/s |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| bare loop (PNG decode + `AnswerEngine.withRpn`) | %.2f | %.2f |%n",
                        bareSeconds, bare)
                + String.format(Locale.ROOT,
                        "| inference worker through Kafka (child JVM, read_committed answers) | %.2f | %.2f |%n",
                        kafkaSeconds, kafka)
                + String.format(Locale.ROOT, "%nRatio Kafka / bare: **%.2f**. Answer modes: bare %s, Kafka %s.%n%n",
                        kafka / bare, bareModes, kafkaModes)
                + "The worker's extra work per batch: Avro decoding, image intake checks (sha256, header), overlay\n"
                + "pictures written to S3, one Kafka transaction; the clock runs from the first task sent to the last\n"
                + "answer readable with read_committed. One warm-up batch each is not timed.\n\n"
                + String.format(Locale.ROOT, "Machine: %d CPUs shared with other builds (1-minute load average %.1f at the"
                        + " end),%nthe embedded broker, S3Proxy and registry on the same machine: expect noise.%n%n",
                        Runtime.getRuntime().availableProcessors(), loadAverage)
                + "Command (from the repository root, after `mvn -B -q -o install -DskipTests -pl tests -am`):\n\n```\n"
                + COMMAND + "\n```\n\nFigures: `throughput.json`.\n";
        Files.writeString(folder.resolve("throughput.md"), markdown, StandardCharsets.UTF_8);
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
