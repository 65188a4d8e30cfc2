package io.roistream.inference;

import io.roistream.model.answer.Answer;
import io.roistream.model.answer.PlainAnswerer;
import io.roistream.model.answer.Query;
import io.roistream.model.answer.QuestionEncoder;
import io.roistream.model.answer.RpnRoiAnswerer;
import io.roistream.model.backbone.Backbone;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.data.Vocabulary;
import io.roistream.model.labels.PseudoLabeler;
import io.roistream.model.roi.CropGeometry;
import io.roistream.model.roi.CropPlanner;
import io.roistream.model.roi.CropSpec;
import io.roistream.model.roi.RoiConfig;
import io.roistream.model.roi.RoiSelector;
import io.roistream.model.rpn.Rpn;
import java.util.List;
import java.util.Objects;

/**
 * The model side of the worker, wired as {@code io.roistream.model.tools.EvaluateCommand} wires it
 * offline: one question encoder (the labeler's text budget), the crop planner of the backbone's
 * grid and crop pool, answers of at most {@link PseudoLabeler#MAX_ANSWER_TOKENS} tokens. Answers a
 * whole group of queries in one model call, plainly or with an RPN at a threshold tau.
 */
public final class AnswerEngine {

    private final Backbone backbone;
    private final QuestionEncoder encoder;
    private final CropPlanner planner;
    private final PlainAnswerer plain;
    private final int grid;
    private final int viewSize;

    private AnswerEngine(Backbone backbone, QuestionEncoder encoder, CropPlanner planner) {
        this.backbone = backbone;
        this.encoder = encoder;
        this.planner = planner;
        this.plain = new PlainAnswerer(backbone, encoder, PseudoLabeler.MAX_ANSWER_TOKENS);
        this.grid = backbone.config().gridSize();
        this.viewSize = backbone.config().imageSize();
    }

    /**
     * The engine of {@code backbone}, described by {@code manifest} (which names its grounding layer),
     * with the default crop geometry ({@link CropGeometry#DEFAULT}).
     */
    public static AnswerEngine of(Backbone backbone, BackboneManifest manifest) {
        return of(backbone, manifest, CropGeometry.DEFAULT);
    }

    /** The engine of {@code backbone}, whose RoI crops are cut by {@code geometry}. */
    public static AnswerEngine of(Backbone backbone, BackboneManifest manifest, CropGeometry geometry) {
        Objects.requireNonNull(backbone, "backbone");
        PseudoLabeler labeler = PseudoLabeler.of(backbone, manifest);
        QuestionEncoder encoder = new QuestionEncoder(new Vocabulary(), labeler.maxQuestionTokens());
        CropPlanner planner = new CropPlanner(CropSpec.forBackbone(backbone.config()), geometry);
        return new AnswerEngine(backbone, encoder, planner);
    }

    /** The encoder that also admits questions. */
    public QuestionEncoder encoder() {
        return encoder;
    }

    /** Cells a side of the global grid. */
    public int grid() {
        return grid;
    }

    /** Pixels a side of the global view. */
    public int viewSize() {
        return viewSize;
    }

    /** Plain answers (mode {@code PLAIN}), in order. */
    public List<Answer> plain(List<Query> queries) {
        return plain.answer(queries);
    }

    /** SD-RPN answers with {@code rpn} at threshold {@code tau} (mode {@code RPN} or {@code FALLBACK}), in order. */
    public List<Answer> withRpn(Rpn rpn, double tau, List<Query> queries) {
        RpnRoiAnswerer answerer = new RpnRoiAnswerer(backbone, rpn,
            new RoiSelector(RoiConfig.defaults().withThreshold(tau)), planner, encoder, PseudoLabeler.MAX_ANSWER_TOKENS);
        return answerer.answer(queries);
    }
}
