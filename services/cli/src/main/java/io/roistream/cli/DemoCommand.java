package io.roistream.cli;

import io.roistream.cli.pipeline.Pipeline;
import io.roistream.cli.pipeline.PipelineClient;
import io.roistream.cli.pipeline.ServiceProcess;
import io.roistream.cli.pipeline.TopicWatch;
import io.roistream.coordinator.training.ManualTrigger;
import io.roistream.events.Checkpoint;
import io.roistream.events.CheckpointStatus;
import io.roistream.events.ImageRef;
import io.roistream.events.LabelDecision;
import io.roistream.events.LabelRequest;
import io.roistream.events.PseudoLabel;
import io.roistream.events.Question;
import io.roistream.events.QuestionOptions;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiMode;
import io.roistream.events.TrainingTrigger;
import io.roistream.model.data.VqaSample;
import io.roistream.schemas.Topics;
import io.roistream.schemas.TrainingTriggers;
import io.roistream.stack.LocalStack;
import io.roistream.stack.ServiceStatus;
import io.roistream.stack.StackEndpoints;
import io.roistream.stack.StackService;
import io.roistream.stack.StackStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roistream demo}: the whole SD-RPN workflow on a small synthetic data set. Brings the stack
 * up (unless it runs), starts the coordinator and the three workers as child processes, streams
 * labelled training questions as {@code LabelRequest}s, waits for the pseudo-labels, asks the
 * coordinator for a training, waits for the READY checkpoint, then asks held-out questions twice,
 * plain (RoI mode OFF) and with SD-RPN (AUTO), and prints accuracy, latency and modes side by side.
 * Everything it started stops at the end, and on Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole workflow (label -> train -> answer) on synthetic data and compare plain vs SD-RPN answers.")
final class DemoCommand implements Callable<Integer> {

    private static final Duration LABEL_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration TRAIN_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL = Duration.ofSeconds(60);
    /** Lets the coordinator merge the last labels before the manual training request reaches it. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Mixin StackOptions stack;
    @Spec CommandSpec spec;

    @Option(names = "--keep-stack", description = "Leave a stack this demo started running afterwards.")
    boolean keepStack;

    @Option(names = "--train-images", defaultValue = "50", description = "Training images (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "20", description = "Held-out images (default: ${DEFAULT-VALUE}).")
    int testImages;

    @Option(names = "--questions-per-image", defaultValue = "6", description = "Questions per image (default: ${DEFAULT-VALUE}).")
    int questionsPerImage;

    @Option(names = "--work-dir", description = "Folder for the data set and the service logs (default: a new temp folder).")
    Path workDir;

    private final AtomicReference<Pipeline> running = new AtomicReference<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long begin = System.nanoTime();
        StackStatus before = LocalStack.status(stack.dataDir);
        // what up() starts: the stack's services not running yet; only those are stopped at the end
        Set<StackService> startedHere = before.services().stream().filter(service -> !service.running())
                .map(ServiceStatus::service).collect(Collectors.toCollection(() -> EnumSet.noneOf(StackService.class)));
        Set<StackService> toStop = keepStack ? Set.of() : startedHere;
        Thread onInterrupt = new Thread(() -> {
            System.err.printf("%ninterrupted: stopping the services%s...%n", toStop.isEmpty() ? "" : " and the stack");
            stopAll(toStop);
            System.err.println("stopped");
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt); // Ctrl-C stops what the demo started
        try {
            StackEndpoints endpoints = LocalStack.up(stack.config(), Provisioning.topics(stack.partitions),
                    Provisioning.buckets());
            out.printf(startedHere.isEmpty() ? "stack already running (%.1f s)%n" : "stack started (%.1f s)%n",
                    seconds(begin));
            Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("roistream-demo-");
            String run = Long.toString(System.currentTimeMillis(), 36);

            DemoDataset train = DemoDataset.generate(work.resolve("train"), 101, trainImages, questionsPerImage);
            DemoDataset test = DemoDataset.generate(work.resolve("held-out"), 202, testImages, questionsPerImage);
            out.printf("data: %d train questions on %d images, %d held-out questions on %d images in %s (%.1f s)%n",
                    train.samples().size(), train.imageCount(), test.samples().size(), test.imageCount(), work,
                    seconds(begin));

            Pipeline pipeline = Pipeline.builder(endpoints, work)
                    .trainingNewLabels(1_000_000) // one training, asked for below once every label is in
                    .batchSize(8)
                    .modelThreads(1)
                    .start();
            running.set(pipeline);
            out.printf("services up (%.1f s): %s%n  logs: %s%n", seconds(begin),
                    pipeline.processes().stream().map(ServiceProcess::toString).collect(Collectors.joining(", ")),
                    work.resolve("logs"));

            PipelineClient client = new PipelineClient(endpoints);
            Optional<Checkpoint> checkpoint = label(out, client, train, run).flatMap(backbone -> train(out, client, backbone));
            if (checkpoint.isEmpty()) {
                return 1;
            }
            Sleep.of(Duration.ofSeconds(1)); // the coordinator's catalogue picks the checkpoint up for routing
            DemoReport.Pass plain = ask(out, client, test, run, RoiMode.OFF, "plain (OFF)");
            DemoReport.Pass roi = ask(out, client, test, run, RoiMode.AUTO, "RoI (AUTO)");
            DemoReport.print(out, plain, roi);
            printOverlays(out, roi);
            out.printf("%ndemo finished in %.1f s%n", seconds(begin));
            return plain.answers().size() == plain.asked().size() && roi.answers().size() == roi.asked().size() ? 0 : 1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
            stopAll(toStop);
            if (!toStop.isEmpty()) {
                out.println(toStop.size() == StackService.values().length
                        ? "stack stopped (it was started by this demo; --keep-stack leaves it running)"
                        : "stopped " + toStop + ", which this demo started (--keep-stack leaves them running)");
            }
        }
    }

    /** Streams the training questions as label requests; returns the backbone of the kept labels. */
    private Optional<String> label(PrintWriter out, PipelineClient client, DemoDataset train, String run)
            throws IOException {
        List<Map.Entry<String, LabelRequest>> requests = new ArrayList<>();
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < train.samples().size(); i++) {
            VqaSample sample = train.samples().get(i);
            String sampleId = "demo-" + sample.imageId() + "-" + i;
            String requestId = "demo-" + run + "-" + i;
            requestIds.add(requestId);
            requests.add(Map.entry(sampleId, LabelRequest.newBuilder().setRequestId(requestId).setSampleId(sampleId)
                    .setImage(inline(train.png(sample.imageId()))).setQuestion(sample.question()).setSource("demo")
                    .setReferenceAnswer(sample.answer()).setCreatedAt(Instant.now()).build()));
        }
        List<PseudoLabel> labels;
        try (TopicWatch<PseudoLabel> watch = client.watch(Topics.PSEUDO_LABELS)) {
            client.publish(Topics.LABEL_REQUESTS, requests);
            ProgressBar bar = new ProgressBar(out, "labelling", requests.size());
            labels = watch.collect(label -> requestIds.contains(label.getRequestId()), requests.size(),
                    LABEL_TIMEOUT, STALL, bar::update);
            bar.finish(labels.size());
        }
        long kept = labels.stream().filter(label -> label.getDecision() == LabelDecision.KEPT).count();
        out.printf("pseudo-labels: %d kept, %d dropped%n", kept, labels.size() - kept);
        if (kept == 0) {
            out.println("no usable pseudo-label: nothing to train on (see the labeler's log)");
            return Optional.empty();
        }
        return labels.stream().filter(label -> label.getDecision() == LabelDecision.KEPT)
                .map(PseudoLabel::getBackboneId).findFirst();
    }

    /** Asks the coordinator for a training of {@code backbone} and waits for its checkpoint. */
    private Optional<Checkpoint> train(PrintWriter out, PipelineClient client, String backbone) {
        Sleep.of(SETTLE);
        try (TopicWatch<TrainingTrigger> triggers = client.watch(Topics.TRAINING_TRIGGERS);
             TopicWatch<Checkpoint> checkpoints = client.watch(Topics.CHECKPOINTS)) {
            String request = ManualTrigger.publish(client.bootstrapServers(), client.serdeConfig(), backbone);
            long start = System.nanoTime();
            Optional<TrainingTrigger> trigger = triggers.first(candidate -> !TrainingTriggers.isManualRequest(candidate)
                    && candidate.getBackboneId().equals(backbone), Duration.ofSeconds(60));
            if (trigger.isEmpty()) {
                out.printf("the coordinator issued no training for request %s (a training still in flight?"
                        + " see the coordinator's log)%n", request);
                return Optional.empty();
            }
            String triggerId = trigger.get().getTriggerId();
            out.printf("training %s on %d labels (%s)...%n", triggerId, trigger.get().getLabelCount(),
                    trigger.get().getReason());
            Optional<Checkpoint> done = checkpoints.first(candidate -> candidate.getTriggerId().equals(triggerId),
                    TRAIN_TIMEOUT);
            if (done.isEmpty()) {
                out.printf("no checkpoint for %s within %d s (see the trainer's log)%n", triggerId,
                        TRAIN_TIMEOUT.toSeconds());
                return Optional.empty();
            }
            Checkpoint checkpoint = done.get();
            out.printf("checkpoint %s %s in %.1f s: %s%n", checkpoint.getVersion(), checkpoint.getStatus(),
                    seconds(start), metrics(checkpoint));
            return checkpoint.getStatus() == CheckpointStatus.READY ? done : Optional.empty();
        }
    }

    /** Asks every held-out question in {@code mode} and collects the answers. */
    private DemoReport.Pass ask(PrintWriter out, PipelineClient client, DemoDataset test, String run, RoiMode mode,
                                String name) throws IOException {
        Map<String, VqaSample> asked = new LinkedHashMap<>();
        List<Map.Entry<String, Question>> questions = new ArrayList<>();
        for (int i = 0; i < test.samples().size(); i++) {
            VqaSample sample = test.samples().get(i);
            String questionId = "demo-" + run + "-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "-" + i;
            asked.put(questionId, sample);
            questions.add(Map.entry(questionId, Question.newBuilder().setQuestionId(questionId)
                    .setImage(inline(test.png(sample.imageId()))).setQuestion(sample.question())
                    .setOptions(QuestionOptions.newBuilder().setRoiMode(mode).setThreshold(null).build())
                    .setDeadline(null).setCreatedAt(Instant.now()).build()));
        }
        Map<String, RoiAnswer> answers = new LinkedHashMap<>();
        ProgressBar bar;
        try (TopicWatch<RoiAnswer> watch = client.watch(Topics.ANSWERS)) {
            bar = new ProgressBar(out, name, questions.size());
            client.publish(Topics.QUESTIONS, questions);
            watch.collect(answer -> asked.containsKey(answer.getQuestionId())
                            && answers.putIfAbsent(answer.getQuestionId(), answer) == null,
                    questions.size(), ANSWER_TIMEOUT, STALL, bar::update);
        }
        return new DemoReport.Pass(name, asked, answers, bar.finish(answers.size()));
    }

    private void printOverlays(PrintWriter out, DemoReport.Pass roi) {
        List<String> overlays = roi.answers().values().stream().map(RoiAnswer::getOverlayUri)
                .filter(uri -> uri != null && !uri.isEmpty()).toList();
        out.printf("%noverlays (heat map red, box green): %d pictures, e.g.%n", overlays.size());
        overlays.stream().limit(3).forEach(uri -> out.println("  " + uri));
        Path local = stack.dataDir.resolve(StackService.OBJECT_STORE.id()).resolve("data").resolve("overlays");
        if (!overlays.isEmpty() && Files.isDirectory(local)) {
            out.println("  on disk (S3Proxy's store): " + local.toAbsolutePath().normalize());
        }
    }

    /** Stops the services and, of the stack, {@code stackServices} (those this demo started). */
    private void stopAll(Set<StackService> stackServices) {
        Pipeline pipeline = running.getAndSet(null);
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            if (stackServices.size() == StackService.values().length) {
                LocalStack.down(stack.dataDir);
            } else {
                stackServices.forEach(service -> LocalStack.stop(stack.dataDir, service));
            }
        }
    }

    private static String metrics(Checkpoint checkpoint) {
        if (checkpoint.getStatus() != CheckpointStatus.READY) {
            return String.valueOf(checkpoint.getHyperParameters().get("failure"));
        }
        Map<String, Double> metrics = checkpoint.getMetrics();
        return String.format(java.util.Locale.ROOT, "%s usable labels, validation loss %.4f, top cell in foreground %.2f",
                fmt(metrics.get("usable_labels")), orNaN(metrics.get("validation_loss")),
                orNaN(metrics.get("validation_top_cell_in_foreground")));
    }

    private static String fmt(Double value) {
        return value == null ? "?" : Long.toString(Math.round(value));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static ImageRef inline(byte[] png) {
        return ImageRef.newBuilder().setUri(null).setInlineBytes(ByteBuffer.wrap(png)).setContentType("image/png")
                .setSha256(null).setWidth(null).setHeight(null).build();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Sleeps, turning an interrupt (Ctrl-C) into a failure. */
    private static final class Sleep {
        private Sleep() {
        }

        static void of(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
