package io.roistream.inference;

import io.roistream.events.AnswerMode;
import io.roistream.events.InferenceTask;
import io.roistream.events.LatencyBreakdown;
import io.roistream.events.RoiAnswer;
import io.roistream.events.RoiBox;
import io.roistream.model.answer.Answer;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a model {@link Answer} to a task into its {@link RoiAnswer} event.
 *
 * <ul>
 *   <li>mode: {@code PLAIN} is {@code OFF} (no RoI asked, or no checkpoint), {@code RPN} and
 *       {@code FALLBACK} as they are; {@code checkpointVersion} is the one used, null in mode OFF.</li>
 *   <li>boxes: the model's source-pixel boxes normalised to the image ({@code [0,1]}, x right, y
 *       down, as {@code RoiBox} says), each scored with the mean RPN probability of the grid cells
 *       whose centres it holds.</li>
 *   <li>latency: {@code queueMs} from the question's {@code createdAt} to the batch's pick-up,
 *       {@code rpnMs} and {@code cropEncodeMs} as the model measured them, {@code answerMs} the
 *       global encoding and prefix pass plus the decoding (the "full pass"), {@code totalMs} from
 *       {@code createdAt} to the answer being ready. Model phases are the micro-batch group's:
 *       every answer of one model call carries the same.</li>
 * </ul>
 */
public final class RoiAnswers {

    private final String backboneId;
    private final int grid;
    private final int viewSize;

    /** Answers of the backbone {@code backboneId}, whose global view is {@code viewSize} px on a {@code grid x grid} map. */
    public RoiAnswers(String backboneId, int grid, int viewSize) {
        this.backboneId = Objects.requireNonNull(backboneId, "backboneId");
        this.grid = grid;
        this.viewSize = viewSize;
    }

    /** The backbone id answers carry. */
    public String backboneId() {
        return backboneId;
    }

    /**
     * The event of one answered task.
     *
     * @param task the task
     * @param answer the model's answer
     * @param checkpointVersion the checkpoint used, or null when none was
     * @param width the source image's width in pixels
     * @param height its height
     * @param overlayUri where the overlay picture is, or null
     * @param pickedUp when the worker began the task's batch
     * @param answered when the answer was ready
     */
    public RoiAnswer roiAnswer(InferenceTask task, Answer answer, String checkpointVersion, int width, int height,
                               String overlayUri, Instant pickedUp, Instant answered) {
        AnswerMode mode = mode(answer.mode());
        Instant created = task.getQuestion().getCreatedAt();
        return RoiAnswer.newBuilder()
            .setQuestionId(task.getQuestion().getQuestionId())
            .setAnswer(answer.text())
            .setBoxes(boxes(answer, width, height))
            .setMode(mode)
            .setCheckpointVersion(mode == AnswerMode.OFF ? null : checkpointVersion)
            .setBackboneId(backboneId)
            .setLatency(latency(answer.timings(), millisBetween(created, pickedUp), millisBetween(created, answered)))
            .setOverlayUri(overlayUri)
            .setCreatedAt(answered)
            .build();
    }

    /** The event's mode of a model mode. */
    public static AnswerMode mode(Answer.Mode mode) {
        return switch (mode) {
            case PLAIN -> AnswerMode.OFF;
            case RPN -> AnswerMode.RPN;
            case FALLBACK -> AnswerMode.FALLBACK;
            case ATTENTION -> AnswerMode.ATTENTION;
            case ORACLE -> AnswerMode.UNKNOWN;
        };
    }

    /** The phases of an answer; {@code queueMs} and {@code totalMs} are measured by the worker. */
    public static LatencyBreakdown latency(Answer.Timings timings, double queueMs, double totalMs) {
        return LatencyBreakdown.newBuilder()
            .setQueueMs(queueMs)
            .setRpnMs(timings.rpnMs())
            .setCropEncodeMs(timings.cropEncodeMs())
            .setAnswerMs(timings.encodeMs() + timings.answerMs())
            .setTotalMs(totalMs)
            .build();
    }

    /** The answer's boxes normalised to a {@code width x height} image and scored on its heat map. */
    public List<RoiBox> boxes(Answer answer, int width, int height) {
        float[] heat = answer.heatMap();
        ViewTransform view = heat == null ? null : ViewTransform.letterbox(width, height, viewSize);
        List<RoiBox> out = new ArrayList<>();
        for (Box box : answer.boxes()) {
            out.add(RoiBox.newBuilder()
                .setX0(fraction(box.x0(), width))
                .setY0(fraction(box.y0(), height))
                .setX1(fraction(box.x1(), width))
                .setY1(fraction(box.y1(), height))
                .setScore(heat == null ? 0f : meanInside(heat, view.toView(box)))
                .build());
        }
        return out;
    }

    private float meanInside(float[] heat, Box viewBox) {
        double cell = (double) viewSize / grid;
        double sum = 0;
        int cells = 0;
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                if (viewBox.contains((c + 0.5) * cell, (r + 0.5) * cell)) {
                    sum += heat[r * grid + c];
                    cells++;
                }
            }
        }
        return cells == 0 ? 0f : (float) Math.max(0, Math.min(1, sum / cells));
    }

    private static float fraction(double pixels, int side) {
        return (float) Math.max(0, Math.min(1, pixels / side));
    }

    private static double millisBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1e6);
    }
}
