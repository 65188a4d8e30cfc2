package io.roistream.trainer;

import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.image.ViewTransform;
import io.roistream.model.labels.PseudoLabel;
import io.roistream.model.labels.PseudoLabelConfig;
import io.roistream.model.labels.PseudoLabelRules;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.rpn.Rpn;
import io.roistream.model.rpn.RpnCheckpoint;
import io.roistream.model.rpn.RpnConfig;
import io.roistream.model.rpn.RpnExample;
import io.roistream.model.rpn.RpnFeatures;
import io.roistream.model.rpn.RpnTrainer;
import io.roistream.model.rpn.ThresholdSelection;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the RPN of one backbone on a label set: derives each sample's per-cell labels from its
 * stored maps, runs the frozen backbone to the branch layer once per usable sample (a batch at a
 * time, as the samples arrive), holds back a seeded share for validation, trains (from the twig
 * initialisation or a base checkpoint) and encodes the checkpoint with its figures.
 */
public final class RpnTraining {

    private static final Logger LOG = LoggerFactory.getLogger(RpnTraining.class);

    /**
     * A checkpoint to continue from.
     *
     * @param version its version
     * @param file the checkpoint file
     * @param sha256 the SHA-256 the file must have
     */
    public record BaseCheckpoint(String version, byte[] file, String sha256) {}

    private final Backbone backbone;
    private final BackboneManifest manifest;
    private final TrainerSettings settings;
    private final PseudoLabelRules rules;
    private final QuestionEncoder encoder;
    private final RpnConfig rpnConfig;

    /**
     * Training for {@code backbone}, described by {@code manifest} (which must record its grounding).
     *
     * @throws IllegalArgumentException when the manifest has no grounding or the label ratios are invalid
     */
    public RpnTraining(Backbone backbone, BackboneManifest manifest, TrainerSettings settings) {
        this.backbone = backbone;
        this.manifest = manifest;
        this.settings = settings;
        PseudoLabeler labeler = PseudoLabeler.of(backbone, manifest);
        PseudoLabelConfig base = labeler.rules().config();
        this.rules = new PseudoLabelRules(new PseudoLabelConfig(base.sinkThreshold(),
                settings.foregroundRatio().orElse(base.foregroundRatio()),
                settings.backgroundRatio().orElse(base.backgroundRatio()), base.maxBoxShare()));
        this.encoder = new QuestionEncoder(new Vocabulary(), labeler.maxQuestionTokens());
        this.rpnConfig = RpnConfig.endingAtGroundingLayer(manifest.grounding().layer());
    }

    /** The backbone's id (its manifest name): what stored maps and triggers must name. */
    public String backboneId() {
        return manifest.name();
    }

    /** The backbone the RPN is trained on. */
    public Backbone backbone() {
        return backbone;
    }

    /** The backbone's manifest. */
    public BackboneManifest manifest() {
        return manifest;
    }

    /**
     * Trains on {@code samples}, iterated once: the backbone's features of each batch of usable
     * samples are computed as soon as that batch is complete, so a lazily read label set
     * ({@link LabelSetReader.PendingLabelSet#samples()}) is read while the first batches are computed.
     *
     * @param requestedBase the checkpoint to continue from, or empty for the twig initialisation; a
     *     base trained on other backbone weights (the backbone was replaced under the same name) is
     *     set aside for the twig initialisation, logged and recorded in the {@code init} hyper-parameter
     * @param createdAtMillis the time written into the checkpoint
     * @throws TrainingRejectedException when maps come from another backbone or grid, or no sample is usable
     * @throws IOException when the base checkpoint cannot be read
     */
    public TrainingOutcome train(Iterable<LabelledSample> samples, Optional<BaseCheckpoint> requestedBase,
                                 long createdAtMillis) throws IOException {
        Optional<String> setAside = requestedBase.isEmpty() ? Optional.empty() : otherWeights(requestedBase.get());
        Optional<BaseCheckpoint> base = setAside.isPresent() ? Optional.empty() : requestedBase;
        int grid = backbone.config().gridSize();
        int size = backbone.config().imageSize();
        FeatureBatches features = new FeatureBatches();
        int count = 0;
        int dropped = 0;
        int unusable = 0;
        for (LabelledSample sample : samples) {
            count++;
            checkMaps(sample, grid);
            PseudoLabel label = rules.label(sample.maps().maps());
            if (!label.kept()) {
                dropped++;
                continue;
            }
            Optional<int[]> question = usable(sample);
            if (question.isEmpty()) {
                unusable++;
                continue;
            }
            BufferedImage image = sample.image();
            features.add(ViewTransform.letterbox(image.getWidth(), image.getHeight(), size).renderChw(image),
                    question.get(), label.labels());
        }
        List<RpnExample> examples = features.finish();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("labels", (double) count);
        metrics.put("usable_labels", (double) examples.size());
        metrics.put("dropped_labels", (double) dropped);
        metrics.put("unusable_samples", (double) unusable);
        Map<String, String> hyperParameters = hyperParameters(base);
        setAside.ifPresent(why -> hyperParameters.put("init", "twig (" + why + ")"));
        if (examples.isEmpty()) {
            throw new TrainingRejectedException("no usable label among the " + count + " of the label set ("
                    + dropped + " dropped by the label rules, " + unusable + " with an unusable image or question)");
        }
        if (examples.size() < settings.minLabels()) {
            return failure("only " + examples.size() + " usable labels, fewer than the " + settings.minLabels()
                    + " a run needs", metrics, hyperParameters, count);
        }
        LOG.info("branch-layer features of {} usable labels ({} dropped, {} unusable) in {} s", examples.size(),
                dropped, unusable, String.format(Locale.ROOT, "%.1f", features.seconds()));
        metrics.put("feature_seconds", features.seconds());
        List<RpnExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(settings.training().seed()));
        int held = settings.validationShare() == 0 ? 0
                : Math.min(shuffled.size() - 1, Math.max(1, (int) Math.round(shuffled.size() * settings.validationShare())));
        List<RpnExample> validation = shuffled.subList(0, held);
        List<RpnExample> fit = shuffled.subList(held, shuffled.size());
        metrics.put("fit_examples", (double) fit.size());
        try (Rpn rpn = base.isPresent() ? RpnCheckpoint.load(base.get().file(), base.get().sha256(), backbone, manifest)
                : Rpn.twigInit(backbone, rpnConfig);
             PrintStream log = new LoggingPrintStream(LOG)) {
            RpnTrainer.Report report = new RpnTrainer(settings.training()).train(rpn, fit, validation, grid * grid, log);
            metrics.put("steps", (double) report.steps());
            metrics.put("train_seconds", report.seconds());
            metrics.put("train_loss", report.trainLoss());
            metrics.put("validation_examples", (double) report.validation().examples());
            if (report.validation().examples() > 0) {
                metrics.put("validation_loss", report.validation().loss());
                metrics.put("validation_top_cell_in_foreground", report.validation().topCellInForeground());
            }
            if (!Double.isFinite(report.trainLoss())) {
                metrics.remove("train_loss");
                return failure("the training loss is not finite", metrics, hyperParameters, count);
            }
            if (!validation.isEmpty()) {
                // the RoI threshold the inference worker uses, chosen on the held-back labels
                ThresholdSelection.Choice tau = ThresholdSelection.choose(rpn, validation, grid, RoiConfig.defaults(),
                    ThresholdSelection.CANDIDATES);
                hyperParameters.put("roi.threshold", Double.toString(tau.threshold()));
                metrics.put("roi_threshold_label_iou", tau.meanIouByThreshold().get(tau.threshold()));
            }
            if (!rpn.config().equals(rpnConfig)) {
                hyperParameters.put("branch_layer", Integer.toString(rpn.config().branchLayer()));
                hyperParameters.put("twig_layers", Integer.toString(rpn.config().twigLayers()));
            }
            byte[] file = RpnCheckpoint.encode(rpn, manifest, metrics, hyperParameters, createdAtMillis);
            return new TrainingOutcome.Trained(file, RpnCheckpoint.sha256(file), metrics, hyperParameters, count);
        }
    }

    /**
     * The backbone's features of the usable samples, computed a batch of {@code featureBatch} at a
     * time as soon as the batch is complete (the same batches as computing them all at the end).
     */
    private final class FeatureBatches {
        private final List<float[]> views = new ArrayList<>();
        private final List<int[]> questions = new ArrayList<>();
        private final List<int[]> labels = new ArrayList<>();
        private final List<RpnExample> examples = new ArrayList<>();
        private long nanos;

        void add(float[] view, int[] question, int[] cellLabels) {
            views.add(view);
            questions.add(question);
            labels.add(cellLabels);
            if (views.size() == settings.featureBatch()) {
                compute();
            }
        }

        List<RpnExample> finish() {
            if (!views.isEmpty()) {
                compute();
            }
            return examples;
        }

        double seconds() {
            return nanos / 1e9;
        }

        private void compute() {
            long started = System.nanoTime();
            examples.addAll(RpnFeatures.compute(backbone, rpnConfig.branchLayer(), views, questions, labels,
                    settings.featureBatch()));
            nanos += System.nanoTime() - started;
            views.clear();
            questions.clear();
            labels.clear();
        }
    }

    private void checkMaps(LabelledSample sample, int grid) {
        String mapsBackbone = sample.maps().backboneId();
        if (!mapsBackbone.equals(manifest.name())) {
            throw new TrainingRejectedException("the maps of sample " + sample.sampleId() + " were made by backbone "
                    + mapsBackbone + ", not " + manifest.name());
        }
        if (sample.maps().maps().height() != grid || sample.maps().maps().width() != grid) {
            throw new TrainingRejectedException("the maps of sample " + sample.sampleId() + " are "
                    + sample.maps().maps().height() + "x" + sample.maps().maps().width() + ", not the backbone's "
                    + grid + "x" + grid + " grid");
        }
    }

    private Optional<int[]> usable(LabelledSample sample) {
        try {
            ViewTransform.checkSourceSize(sample.image().getWidth(), sample.image().getHeight());
            return Optional.of(encoder.encode(sample.question()));
        } catch (IllegalArgumentException e) {
            LOG.warn("sample {} is left out: {}", sample.sampleId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Why {@code base} cannot continue on this backbone's weights, or empty when it can. */
    private Optional<String> otherWeights(BaseCheckpoint base) throws IOException {
        RpnCheckpoint.Description trainedOn = RpnCheckpoint.decode(base.file()).description();
        if (trainedOn.backboneId().equals(manifest.name()) && trainedOn.backboneSha256().equals(manifest.sha256())) {
            return Optional.empty();
        }
        String why = "base checkpoint " + base.version() + " was trained on backbone " + trainedOn.backboneId()
                + " " + trainedOn.backboneSha256() + ", not " + manifest.name() + " " + manifest.sha256();
        LOG.warn("{}: training from the twig initialisation instead", why);
        return Optional.of(why);
    }

    private Map<String, String> hyperParameters(Optional<BaseCheckpoint> base) {
        RpnTrainer.Options o = settings.training();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("epochs", Integer.toString(o.epochs()));
        h.put("batch", Integer.toString(o.batchSize()));
        h.put("lr", Float.toString(o.learningRate()));
        h.put("warmup_share", Double.toString(o.warmupShare()));
        h.put("seed", Long.toString(o.seed()));
        h.put("validation_share", Double.toString(settings.validationShare()));
        h.put("branch_layer", Integer.toString(rpnConfig.branchLayer()));
        h.put("twig_layers", Integer.toString(rpnConfig.twigLayers()));
        h.put("foreground_ratio", Double.toString(rules.config().foregroundRatio()));
        h.put("background_ratio", Double.toString(rules.config().backgroundRatio()));
        h.put("backbone_sha256", manifest.sha256());
        h.put("init", base.map(b -> "checkpoint " + b.version()).orElse("twig"));
        return h;
    }

    private static TrainingOutcome failure(String reason, Map<String, Double> metrics, Map<String, String> hyperParameters,
                                           int labelCount) {
        LOG.warn("training failed: {}", reason);
        hyperParameters.put("failure", reason);
        return new TrainingOutcome.DataFailure(reason, metrics, hyperParameters, labelCount);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RpnTraining[%s, K=%d, T=%d]", manifest.name(), rpnConfig.branchLayer(),
                rpnConfig.twigLayers());
    }
}
