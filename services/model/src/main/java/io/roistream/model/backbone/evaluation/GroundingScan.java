package io.roistream.model.backbone.evaluation;

import io.roistream.model.backbone.HeadMaps;
import io.roistream.model.backbone.BackboneManifest;
import io.roistream.model.data.QuestionKind;
import io.roistream.model.image.Box;
import io.roistream.model.labels.AttentionMaps;
import io.roistream.model.labels.GridBox;
import io.roistream.model.labels.PseudoLabel;
import io.roistream.model.labels.PseudoLabelConfig;
import io.roistream.model.labels.PseudoLabelRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How well each decoder layer and head's answer-to-image attention localises the referenced
 * object (fine questions, plain prompt), with METHOD.md's thresholds: share of samples whose box
 * contains the object's centre (a box dropped as too big counts as a miss), mean IoU of the box with the object's box (every sample counted,
 * a dropped box with its IoU too), share of boxes dropped as half the grid or more. Then the
 * grounding layer (best head-mean IoU among layers early enough to leave {@code twigLayers}
 * decoder layers after it, which an RPN copies), its heads (within 80% of the layer's best head IoU) and the
 * sink layer and threshold (the candidate, "none" included, that gives the chosen heads' map the
 * best IoU).
 */
public final class GroundingScan {

  /** Sink thresholds tried; 1e-3 is the reference value for 576 image tokens. */
  static final double[] SINK_THRESHOLDS = {1e-3, 1e-2, 3e-2, 1e-1};

  /** METHOD.md's label rules (foreground share, tight box, too-big drop): the labeler's own. */
  private static final PseudoLabelRules LABEL_RULES = PseudoLabelRules.defaults();

  private GroundingScan() {}

  /** Localisation figures of one map per sample. */
  public record Score(double hitRate, double meanIou, double droppedShare, int samples) {}

  /** Results that can be scored: fine questions about one object. */
  public static List<ProbeRun.Result> usable(List<ProbeRun.Result> results) {
    return results.stream()
        .filter(r -> r.sample().kind() == QuestionKind.FINE && r.objectBoxInView() != null)
        .toList();
  }

  /** Scores maps given per sample. */
  public static Score score(List<ProbeRun.Result> results, List<float[]> maps, int grid,
      int imageSize) {
    int hits = 0;
    int dropped = 0;
    double iou = 0;
    double cell = (double) imageSize / grid;
    for (int i = 0; i < results.size(); i++) {
      PseudoLabel label = LABEL_RULES.label(new AttentionMaps(grid, grid, maps.get(i), new float[grid * grid]));
      GridBox cells = label.box();
      Box object = results.get(i).objectBoxInView();
      Box inView = new Box(cells.col0() * cell, cells.row0() * cell, cells.col1() * cell,
          cells.row1() * cell);
      boolean tooBig = !label.kept();
      if (!tooBig && inView.contains(object.centreX(), object.centreY())) {
        hits++;
      }
      iou += inView.iou(object);
      if (tooBig) {
        dropped++;
      }
    }
    int n = Math.max(1, results.size());
    return new Score((double) hits / n, iou / n, (double) dropped / n, results.size());
  }

  /** Runs the scan over {@code results} and returns the chosen grounding. */
  public static BackboneManifest.Grounding scan(List<ProbeRun.Result> all, int grid,
      int imageSize, int twigLayers, String calibration) {
    List<ProbeRun.Result> results = usable(all);
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no fine questions about one object to scan");
    }
    int layers = results.get(0).attention().length;
    int heads = results.get(0).attention()[0].length;
    List<Map<String, Object>> table = new ArrayList<>();
    int bestLayer = -1;
    double bestLayerIou = -1;
    double[][] headIou = new double[layers][heads];
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h <= heads; h++) {
        int[] chosen = h == heads ? IntStream.range(0, heads).toArray() : new int[] {h};
        int layer = l;
        List<float[]> maps = results.stream()
            .map(r -> HeadMaps.meanOfHeads(r.attention()[layer], chosen)).toList();
        Score s = score(results, maps, grid, imageSize);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("layer", l);
        row.put("head", h == heads ? "mean" : Integer.toString(h));
        row.put("hitRate", round(s.hitRate()));
        row.put("meanIou", round(s.meanIou()));
        row.put("droppedShare", round(s.droppedShare()));
        table.add(row);
        if (h < heads) {
          headIou[l][h] = s.meanIou();
        } else if (l + 1 + twigLayers <= layers && s.meanIou() > bestLayerIou) {
          bestLayerIou = s.meanIou();
          bestLayer = l;
        }
      }
    }
    if (bestLayer < 0) {
      throw new IllegalArgumentException(layers + " layers leave no room for " + twigLayers
          + " twig layers after a grounding layer");
    }
    double bestHead = 0;
    for (double v : headIou[bestLayer]) {
      bestHead = Math.max(bestHead, v);
    }
    List<Integer> chosenHeads = new ArrayList<>();
    for (int h = 0; h < heads; h++) {
      if (headIou[bestLayer][h] >= 0.8 * bestHead) {
        chosenHeads.add(h);
      }
    }
    int[] hs = chosenHeads.stream().mapToInt(Integer::intValue).toArray();
    int g = bestLayer;
    List<float[]> grounding = results.stream()
        .map(r -> HeadMaps.meanOfHeads(r.attention()[g], hs)).toList();
    int allHeads = heads;
    List<Map<String, Object>> sinkTable = new ArrayList<>();
    int sinkLayer = -1;
    double sinkThreshold = 0;
    Score best = score(results, grounding, grid, imageSize);
    sinkTable.add(sinkRow(-1, 0, best, 0));
    for (int l = 0; l < layers; l++) {
      if (l == g) {
        continue;
      }
      int layer = l;
      List<float[]> sinks = results.stream().map(r -> HeadMaps.meanOfHeads(r.attention()[layer],
          IntStream.range(0, allHeads).toArray())).toList();
      for (double t : SINK_THRESHOLDS) {
        List<float[]> masked = new ArrayList<>();
        double share = 0;
        for (int i = 0; i < results.size(); i++) {
          masked.add(sinkMasked(grounding.get(i), sinks.get(i), grid, t));
          share += HeadMaps.sinkShare(sinks.get(i), t) / results.size();
        }
        Score s = score(results, masked, grid, imageSize);
        sinkTable.add(sinkRow(l, t, s, share));
        if (s.meanIou() > best.meanIou() + 1e-9) {
          best = s;
          sinkLayer = l;
          sinkThreshold = t;
        }
      }
    }
    return new BackboneManifest.Grounding(g, chosenHeads, sinkLayer, sinkThreshold,
        PseudoLabelConfig.DEFAULT_FOREGROUND_RATIO, calibration + " (" + results.size()
        + " fine questions, plain prompt)", round(best.hitRate()), round(best.meanIou()),
        round(best.droppedShare()), table, sinkTable);
  }

  private static Map<String, Object> sinkRow(int layer, double threshold, Score s, double share) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("sinkLayer", layer < 0 ? "none" : Integer.toString(layer));
    row.put("threshold", threshold);
    row.put("maskedCellShare", round(share));
    row.put("hitRate", round(s.hitRate()));
    row.put("meanIou", round(s.meanIou()));
    row.put("droppedShare", round(s.droppedShare()));
    return row;
  }

  /** The chosen grounding's map of each result (heads mean, sinks removed). */
  public static List<float[]> groundingMaps(List<ProbeRun.Result> results,
      BackboneManifest.Grounding g) {
    int[] hs = g.heads().stream().mapToInt(Integer::intValue).toArray();
    return results.stream().map(r -> {
      float[] map = HeadMaps.meanOfHeads(r.attention()[g.layer()], hs);
      if (g.sinkLayer() < 0) {
        return map;
      }
      float[] sink = HeadMaps.meanOfHeads(r.attention()[g.sinkLayer()],
          IntStream.range(0, r.attention()[0].length).toArray());
      int grid = (int) Math.round(Math.sqrt(map.length));
      return sinkMasked(map, sink, grid, g.sinkThreshold());
    }).toList();
  }

  /** The grounding map with the sink layer's cells at or above {@code threshold} set to 0 (METHOD.md step 4). */
  private static float[] sinkMasked(float[] grounding, float[] sink, int grid, double threshold) {
    PseudoLabelConfig config = new PseudoLabelConfig(threshold, PseudoLabelConfig.DEFAULT_FOREGROUND_RATIO,
        PseudoLabelConfig.DEFAULT_BACKGROUND_RATIO, PseudoLabelConfig.DEFAULT_MAX_BOX_SHARE);
    return new PseudoLabelRules(config).maskSinks(new AttentionMaps(grid, grid, grounding, sink));
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
