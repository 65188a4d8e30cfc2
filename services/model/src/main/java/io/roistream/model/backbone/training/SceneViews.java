package io.roistream.model.backbone.training;

import io.roistream.model.data.CellTargets;
import io.roistream.model.data.Scene;
import io.roistream.model.data.SceneObject;
import io.roistream.model.image.Box;
import io.roistream.model.image.ViewTransform;
import java.util.SplittableRandom;

/**
 * The views the backbone is trained on, made from a generated scene: the letterboxed global view,
 * crops around an object (exact, as an oracle would give, or jittered the way an RoI predictor's
 * grid box misses), random crops, and the dense per-cell targets that the scene's pixel mask gives
 * for free.
 */
public final class SceneViews {

  /** Smallest crop side in source pixels. */
  public static final double MIN_CROP_SIDE = 48;

  private SceneViews() {}

  /** The global (letterbox) view of a scene. */
  public static ViewTransform global(Scene scene, int size) {
    return ViewTransform.letterbox(scene.width(), scene.height(), size);
  }

  /** The oracle crop: the square view around the object's box. */
  public static ViewTransform oracleCrop(Scene scene, SceneObject object, int size) {
    return ViewTransform.around(object.box(), scene.width(), scene.height(), size, MIN_CROP_SIDE);
  }

  /**
   * A jittered crop around an object: the box grown by 0-80% and shifted by up to a quarter of its
   * size, as a box drawn on a coarse attention grid would be.
   */
  public static ViewTransform jitteredCrop(Scene scene, SceneObject object, int size,
      SplittableRandom random) {
    Box b = object.box();
    double grow = 1.0 + 0.8 * random.nextDouble();
    double w = b.width() * grow;
    double h = b.height() * grow;
    double cx = b.centreX() + (random.nextDouble() - 0.5) * 0.5 * b.width();
    double cy = b.centreY() + (random.nextDouble() - 0.5) * 0.5 * b.height();
    Box jittered = new Box(clamp(cx - w / 2, scene.width()), clamp(cy - h / 2, scene.height()),
        clamp(cx + w / 2, scene.width()), clamp(cy + h / 2, scene.height()));
    return ViewTransform.around(jittered, scene.width(), scene.height(), size, MIN_CROP_SIDE);
  }

  /**
   * A crop shaped like an RoI box: the cells of the global view's {@code grid} that the object
   * covers, each side grown by 0 or 1 cell and the whole box shifted by a cell now and then (as
   * an RPN's box quantised to cells is), mapped to source pixels.
   */
  public static ViewTransform roiShapedCrop(Scene scene, SceneObject object, int size, int grid,
      SplittableRandom random) {
    ViewTransform global = global(scene, size);
    Box inView = global.toView(object.box());
    double cell = (double) size / grid;
    int c0 = (int) Math.floor(inView.x0() / cell) - random.nextInt(2);
    int r0 = (int) Math.floor(inView.y0() / cell) - random.nextInt(2);
    int c1 = (int) Math.ceil(inView.x1() / cell) + random.nextInt(2);
    int r1 = (int) Math.ceil(inView.y1() / cell) + random.nextInt(2);
    if (random.nextDouble() < 0.3) {
      int dc = random.nextInt(3) - 1;
      int dr = random.nextInt(3) - 1;
      c0 += dc;
      c1 += dc;
      r0 += dr;
      r1 += dr;
    }
    Box cells = new Box(Math.max(0, c0) * cell, Math.max(0, r0) * cell,
        Math.min(grid, c1) * cell, Math.min(grid, r1) * cell);
    Box source = global.toSource(cells).intersect(new Box(0, 0, scene.width(), scene.height()));
    return ViewTransform.around(source, scene.width(), scene.height(), size, MIN_CROP_SIDE);
  }

  /** A random square crop of side 48 px to half the image. */
  public static ViewTransform randomCrop(Scene scene, int size, SplittableRandom random) {
    double maxSide = Math.min(scene.width(), scene.height()) / 2.0;
    double side = MIN_CROP_SIDE + random.nextDouble() * (maxSide - MIN_CROP_SIDE);
    double x0 = random.nextDouble() * (scene.width() - side);
    double y0 = random.nextDouble() * (scene.height() - side);
    return ViewTransform.of(scene.width(), scene.height(), x0, y0, side, size);
  }

  private static double clamp(double v, double max) {
    return Math.max(0, Math.min(max, v));
  }

  /**
   * Per-cell colour and shape classes of a view (0 = background, else enum ordinal + 1), from
   * {@link CellTargets#objectPerCell}. Returns {@code [colours, shapes]}, grid*grid each.
   */
  public static int[][] cellClasses(Scene scene, ViewTransform view, int grid) {
    int[] objects = CellTargets.objectPerCell(scene, view, grid);
    int[] colours = new int[objects.length];
    int[] shapes = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      if (objects[i] >= 0) {
        SceneObject o = scene.object(objects[i]);
        colours[i] = o.colour().ordinal() + 1;
        shapes[i] = o.shape().ordinal() + 1;
      }
    }
    return new int[][] {colours, shapes};
  }

  /** Label class of the object a crop is centred on, or -1. */
  public static int centredLabel(Scene scene, ViewTransform view) {
    int id = CellTargets.centredObject(scene, view);
    return id < 0 ? -1 : Integer.parseInt(scene.object(id).label());
  }
}
