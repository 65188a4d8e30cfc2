package io.roistream.model.data;

import io.roistream.model.image.Box;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws synthetic fine-grained scenes, deterministically by seed: the same seed and configuration
 * give identical pixels (on machines with the same fonts installed).
 *
 * <p>A scene has a light gradient background, thin clutter lines, and {@code minObjects} to
 * {@code maxObjects} coloured shapes that do not overlap (each colour-shape pair at most once),
 * each carrying a distinct 1-2 digit label in a small font (a random family, plain or bold, and a
 * random digit height), all antialiased. Instances are immutable and thread-safe.
 */
public final class SceneGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(SceneGenerator.class);
    private static final Set<String> LOGICAL_FONTS = Set.of("dialog", "dialoginput", "serif", "sansserif", "monospaced");
    private static final String DIGITS = "0123456789";
    private static final double LABEL_PAD = 3;
    private static final int COLOUR_JITTER = 12;
    private static final int PLACEMENT_TRIES = 400;
    private static final int LAYOUT_TRIES = 50;

    /** A label face: a font at size 1 and the height of its digits at that size. */
    private record Face(Font unitFont, double digitHeightPerPoint) {
    }

    private final SceneConfig config;
    private final List<Face> faces;

    /**
     * A generator for {@code config}. Font families that are not installed are skipped (with a
     * warning); it fails only when none of them is available.
     */
    public SceneGenerator(SceneConfig config) {
        this.config = config;
        this.faces = resolveFaces(config.fonts());
    }

    /** The configuration scenes are drawn with. */
    public SceneConfig config() {
        return config;
    }

    /** The font families labels are actually drawn in (the configured ones that are installed). */
    public List<String> fontFamilies() {
        return faces.stream().map(face -> face.unitFont().getFamily(Locale.ROOT)).distinct().toList();
    }

    /** The id {@link #generate(long)} gives the scene of {@code seed}: 16 hex digits. */
    public static String sceneId(long seed) {
        return String.format(Locale.ROOT, "%016x", seed);
    }

    /** The scene of {@code seed}, with the id {@link #sceneId(long)}. */
    public Scene generate(long seed) {
        return generate(sceneId(seed), seed);
    }

    /** The scene of {@code seed} under the given id. */
    public Scene generate(String id, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = between(random, config.minObjects(), config.maxObjects());
        List<Plan> plans = planObjects(random, count);
        List<SceneObject> objects = place(random, plans);

        BufferedImage image = new BufferedImage(config.width(), config.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            drawBackground(g, random);
            drawClutter(g, random);
            for (int i = 0; i < objects.size(); i++) {
                drawObject(g, random, objects.get(i), plans.get(i));
            }
        } finally {
            g.dispose();
        }
        return new Scene(id, image, objects, Scene.objectIdPerPixel(config.width(), config.height(), objects));
    }

    /** What is decided about an object before it is placed. */
    private record Plan(Colour colour, Shape shape, String label, Font font, int width, int height) {
    }

    private List<Plan> planObjects(SplittableRandom random, int count) {
        List<Colour> colours = List.of(Colour.values());
        List<Shape> shapes = List.of(Shape.values());
        int pairs = colours.size() * shapes.size();
        int[] order = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            order[i] = i;
        }
        for (int i = pairs - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Set<String> labels = new HashSet<>();
        List<Plan> plans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Colour colour = colours.get(order[i] % colours.size());
            Shape shape = shapes.get(order[i] / colours.size());
            String label;
            do {
                label = randomLabel(random);
            } while (!labels.add(label));
            Face face = faces.get(random.nextInt(faces.size()));
            int style = random.nextBoolean() ? Font.BOLD : Font.PLAIN;
            double glyph = config.minGlyphHeight() + random.nextDouble() * (config.maxGlyphHeight() - config.minGlyphHeight());
            Font font = face.unitFont().deriveFont(style, (float) (glyph / face.digitHeightPerPoint()));
            Rectangle2D bounds = font.createGlyphVector(frc, label).getVisualBounds();
            int needed = shape.widthForLabel(bounds.getWidth(), bounds.getHeight(), LABEL_PAD);
            int low = Math.max(config.minObjectSize(), needed);
            int width = between(random, low, Math.max(low, config.maxObjectSize()));
            plans.add(new Plan(colour, shape, label, font, width, shape.heightFor(width)));
        }
        return plans;
    }

    private String randomLabel(SplittableRandom random) {
        int digits = between(random, config.minLabelDigits(), config.maxLabelDigits());
        int value = digits == 1 ? random.nextInt(10) : between(random, 10, 99);
        return Integer.toString(value);
    }

    private List<SceneObject> place(SplittableRandom random, List<Plan> plans) {
        int gap = config.objectGap();
        for (int layout = 0; layout < LAYOUT_TRIES; layout++) {
            List<SceneObject> objects = new ArrayList<>(plans.size());
            for (Plan plan : plans) {
                Box box = findSpot(random, plan, objects, gap);
                if (box == null) {
                    break;
                }
                objects.add(new SceneObject(objects.size(), plan.colour(), plan.shape(), plan.label(), box));
            }
            if (objects.size() == plans.size()) {
                return objects;
            }
        }
        throw new IllegalStateException("could not place " + plans.size() + " objects without overlap on a "
            + config.width() + "x" + config.height() + " image; use fewer or smaller objects");
    }

    private Box findSpot(SplittableRandom random, Plan plan, List<SceneObject> placed, int gap) {
        int xMax = config.width() - gap - plan.width();
        int yMax = config.height() - gap - plan.height();
        if (xMax < gap || yMax < gap) {
            return null;
        }
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
            Box box = Box.ofSize(between(random, gap, xMax), between(random, gap, yMax), plan.width(), plan.height());
            Box guarded = box.expand(gap);
            if (placed.stream().noneMatch(other -> other.box().overlaps(guarded))) {
                return box;
            }
        }
        return null;
    }

    private void drawBackground(Graphics2D g, SplittableRandom random) {
        Color from = lightColour(random);
        Color to = lightColour(random);
        float x1 = (float) (random.nextDouble() * config.width());
        float y1 = (float) (random.nextDouble() * config.height());
        float x2 = (float) (random.nextDouble() * config.width());
        float y2 = (float) (random.nextDouble() * config.height());
        g.setPaint(new GradientPaint(x1, y1, from, x2, y2, to));
        g.fillRect(0, 0, config.width(), config.height());
    }

    private static Color lightColour(SplittableRandom random) {
        int base = between(random, 200, 240);
        return new Color(
            clamp(base + between(random, -10, 10)), clamp(base + between(random, -10, 10)), clamp(base + between(random, -10, 10)));
    }

    private void drawClutter(Graphics2D g, SplittableRandom random) {
        for (int i = 0; i < config.clutterLines(); i++) {
            int grey = between(random, 60, 170);
            int tint = between(random, -20, 20);
            g.setColor(new Color(clamp(grey + tint), clamp(grey), clamp(grey - tint)));
            g.setStroke(new BasicStroke((float) (0.8 + random.nextDouble() * 1.7), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(
                random.nextDouble() * config.width(), random.nextDouble() * config.height(),
                random.nextDouble() * config.width(), random.nextDouble() * config.height()));
        }
    }

    private static void drawObject(Graphics2D g, SplittableRandom random, SceneObject object, Plan plan) {
        int rgb = object.colour().rgb();
        g.setColor(new Color(
            jitter(random, (rgb >> 16) & 0xff), jitter(random, (rgb >> 8) & 0xff), jitter(random, rgb & 0xff)));
        g.fill(object.outline());
        g.setColor(new Color(object.colour().inkRgb()));
        GlyphVector glyphs = plan.font().createGlyphVector(g.getFontRenderContext(), object.label());
        Rectangle2D bounds = glyphs.getVisualBounds();
        double[] centre = object.shape().labelCentre(object.box());
        g.drawGlyphVector(glyphs, (float) (centre[0] - bounds.getCenterX()), (float) (centre[1] - bounds.getCenterY()));
    }

    private static int jitter(SplittableRandom random, int channel) {
        return clamp(channel + between(random, -COLOUR_JITTER, COLOUR_JITTER));
    }

    private static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }

    private static int between(SplittableRandom random, int lowest, int highest) {
        return lowest + random.nextInt(highest - lowest + 1);
    }

    private static List<Face> resolveFaces(List<String> families) {
        Set<String> installed = new HashSet<>();
        for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT)) {
            installed.add(family.toLowerCase(Locale.ROOT));
        }
        FontRenderContext frc = new FontRenderContext(null, true, true);
        List<Face> faces = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String family : families) {
            String key = family.toLowerCase(Locale.ROOT);
            if (!LOGICAL_FONTS.contains(key) && !installed.contains(key)) {
                missing.add(family);
                continue;
            }
            Font unit = new Font(family, Font.PLAIN, 1);
            double height = unit.deriveFont(100f).createGlyphVector(frc, DIGITS).getVisualBounds().getHeight() / 100;
            faces.add(new Face(unit, height));
        }
        if (!missing.isEmpty() && !SceneConfig.DEFAULT_FONTS.containsAll(missing)) {
            LOG.warn("label fonts not installed, skipped: {}", missing);
        } else if (!missing.isEmpty()) {
            LOG.debug("default label fonts not installed, skipped: {}", missing);
        }
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("none of the label fonts " + families + " is installed");
        }
        return List.copyOf(faces);
    }
}
