package io.roistream.tests.pipeline;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.roistream.runtime.config.Configuration;
import io.roistream.runtime.images.InMemoryImages;
import io.roistream.runtime.objectstore.ObjectStore;
import io.roistream.runtime.objectstore.ObjectStoreSettings;
import io.roistream.runtime.objectstore.ParallelTransfers;
import io.roistream.trainer.LabelSetReader;
import io.roistream.trainer.LabelledSample;
import io.roistream.trainer.RpnTraining;
import io.roistream.trainer.TrainerSettings;
import io.roistream.trainer.TrainingOutcome;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A worker's model code in a bare loop, in a JVM of its own started like the workers' (see
 * {@link BareLoopProcess}), so that the loop and the worker it is compared with run in the same kind
 * of process; the benchmark's JVM, which also hosts the embedded broker and object store, ran the same
 * model code up to 1.7 times slower than a fresh JVM in some runs.
 *
 * <p>Arguments: {@code labeler}; {@code inference <checkpoint file> <sha256> <tau>}; {@code trainer
 * <object store endpoint> <access key> <secret key>}. Then one request per line on standard input,
 * one JSON reply per request on standard output (the loop's wall and CPU seconds, its thread's page
 * faults, its outcomes): {@code prepare <to>} then {@code run <from> <to>} (labeler, inference: the
 * benchmark's items {@code [from, to)}, made first, untimed, then run in batches of
 * {@value ThroughputBenchmark#BATCH}) or
 * {@code train <trigger id> <manifest uri> <backbone id> <label count>} (trainer: the label set read
 * first, untimed; then one training timed).
 */
final class BareLoopMain {

    private static final ThreadMXBean THREAD_CPU = ManagementFactory.getThreadMXBean();

    /** What a bare loop runs on one batch: one outcome name per input. */
    @FunctionalInterface
    private interface BatchModel {
        List<String> run(List<BufferedImage> images, List<String> questions);
    }

    private BareLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream replies = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // the model's own prints must not mix with the replies
        Engines.configure(1, 17);
        BackboneManifest manifest = DefaultBackbone.manifest();
        ObjectMapper json = new ObjectMapper();
        List<AutoCloseable> opened = new ArrayList<>(); // what a handler holds, closed after the last request
        try (DjlBackbone backbone = DefaultBackbone.load(Device.cpu());
             BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            Handler handler = switch (args[0]) {
                case "labeler" -> items(labeler(backbone, manifest));
                case "inference" -> items(inference(backbone, manifest, Path.of(args[1]), args[2],
                        Double.parseDouble(args[3]), opened));
                case "trainer" -> trainer(backbone, manifest, args[1], args[2], args[3], opened);
                default -> throw new IllegalArgumentException("no bare loop " + args[0]);
            };
            for (String line = requests.readLine(); line != null; line = requests.readLine()) {
                replies.println(json.writeValueAsString(handler.handle(line.trim().split(" "))));
            }
        } finally {
            for (int i = opened.size() - 1; i >= 0; i--) {
                opened.get(i).close();
            }
        }
    }

    /** Answers one request. */
    @FunctionalInterface
    private interface Handler {
        Map<String, Object> handle(String[] request) throws Exception;
    }

    private static BatchModel labeler(DjlBackbone backbone, BackboneManifest manifest) {
        PseudoLabeler pseudoLabeler = PseudoLabeler.of(backbone, manifest);
        return (images, questions) -> pseudoLabeler.teach(images, questions).stream()
                .map(taught -> taught.kept() ? "kept" : "dropped").toList();
    }

    private static BatchModel inference(DjlBackbone backbone, BackboneManifest manifest, Path checkpoint, String sha256,
                                        double tau, List<AutoCloseable> opened) throws IOException {
        Rpn rpn = RpnCheckpoint.load(Files.readAllBytes(checkpoint), sha256, backbone, manifest);
        opened.add(rpn);
        AnswerEngine engine = AnswerEngine.of(backbone, manifest);
        return (images, questions) -> {
            List<Query> queries = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                queries.add(Query.of(images.get(i), questions.get(i)));
            }
            return engine.withRpn(rpn, tau, queries).stream().map(answer -> answer.mode().name()).toList();
        };
    }

    /**
     * {@code prepare <to>}: the items up to {@code to} made (scenes drawn and encoded), untimed;
     * {@code run <from> <to>}: the items decoded and run in batches, timed.
     */
    private static Handler items(BatchModel model) {
        return request -> {
            if (request[0].equals("prepare")) {
                Clock clock = new Clock();
                ThroughputBenchmark.items("bare", Integer.parseInt(request[1]));
                return clock.reply(0, Map.of());
            }
            int to = Integer.parseInt(request[2]);
            List<ThroughputBenchmark.Item> items = ThroughputBenchmark.items("bare", to)
                    .subList(Integer.parseInt(request[1]), to);
            Clock clock = new Clock();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (int from = 0; from < items.size(); from += ThroughputBenchmark.BATCH) {
                List<BufferedImage> images = new ArrayList<>();
                List<String> questions = new ArrayList<>();
                for (ThroughputBenchmark.Item item : items.subList(from, Math.min(items.size(),
                        from + ThroughputBenchmark.BATCH))) {
                    images.add(InMemoryImages.read(item.png()));
                    questions.add(item.question());
                }
                model.run(images, questions).forEach(outcome -> outcomes.merge(outcome, 1, Integer::sum));
            }
            return clock.reply(items.size(), outcomes);
        };
    }

    /** {@code train <trigger id> <manifest uri> <backbone id> <label count>}: read untimed, trained timed. */
    private static Handler trainer(DjlBackbone backbone, BackboneManifest manifest, String endpoint, String accessKey,
                                   String secretKey, List<AutoCloseable> opened) {
        Map<String, String> values = new HashMap<>(ObjectStoreSettings.DEFAULTS);
        values.putAll(Map.of("objectstore.endpoint", endpoint, "objectstore.access-key", accessKey,
                "objectstore.secret-key", secretKey));
        ObjectStore store = ObjectStore.connect(ObjectStoreSettings.fromConfiguration(
                Configuration.load(List.of(), Map.of(), values)));
        opened.add(store);
        ParallelTransfers transfers = new ParallelTransfers("bare-trainer", 3);
        opened.add(transfers);
        TrainerSettings settings = TrainerSettings.defaults();
        LabelSetReader reader = new LabelSetReader(store, settings, transfers, manifest.version());
        RpnTraining training = new RpnTraining(backbone, manifest, settings);
        return request -> {
            TrainingTrigger trigger = TrainingTrigger.newBuilder().setTriggerId(request[1]).setManifestUri(request[2])
                    .setBackboneId(request[3]).setLabelCount(Integer.parseInt(request[4]))
                    .setReason(TriggerReason.MANUAL).setCreatedAt(Instant.now()).build();
            List<LabelledSample> samples = reader.read(trigger).samples();
            Clock clock = new Clock();
            TrainingOutcome outcome = training.train(samples, Optional.empty(), Instant.now().toEpochMilli());
            return clock.reply(samples.size(), Map.of(outcome.getClass().getSimpleName(), 1));
        };
    }

    /** Wall time, CPU time and page faults of the calling thread since it was made. */
    private static final class Clock {
        private final long startNanos = System.nanoTime();
        private final long cpuAtStart = THREAD_CPU.getCurrentThreadCpuTime();
        private final PageFaults faultsAtStart = PageFaults.ofThisThread();

        Map<String, Object> reply(int items, Map<String, Integer> outcomes) {
            PageFaults faults = PageFaults.ofThisThread().since(faultsAtStart);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("items", items);
            reply.put("seconds", (System.nanoTime() - startNanos) / 1e9);
            reply.put("thread_cpu_seconds", (THREAD_CPU.getCurrentThreadCpuTime() - cpuAtStart) / 1e9);
            reply.put("minor_faults", faults.minor());
            reply.put("major_faults", faults.major());
            reply.put("outcomes", outcomes);
            return reply;
        }
    }
}
