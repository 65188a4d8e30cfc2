package io.roistream.model.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Asks unambiguous questions about a scene, deterministically by seed.
 *
 * <p>Ambiguity rules: objects are referred to by their colour-shape pair, which is unique in a
 * scene; "what colour is the {shape}?" is asked only when exactly one object has that shape, "what
 * shape is the {colour} object?" only when exactly one has that colour; "where" only when the
 * object's centre is at least 1/24 of the image side away from the lines that split it in thirds.
 * Yes/no templates are balanced: as many "no" candidates as "yes" ones (where enough exist).
 *
 * <p>The mix gives each template a weight; {@link #questions} picks a template by weight among
 * those with unasked candidates left, then one of its candidates uniformly; candidates are
 * distinct, so no question is repeated for an image.
 */
public final class QuestionGenerator {

    /** Position words of the 3 x 3 thirds of an image, row-major from the top left. */
    public static final List<String> POSITIONS = List.of(
        "top-left", "top", "top-right", "left", "centre", "right", "bottom-left", "bottom", "bottom-right");

    private static final double WHERE_MARGIN = 1.0 / 24;

    private final Map<QuestionTemplate, Double> mix;

    /** A generator with the given weights; templates left out (or weighted 0) are never asked. */
    public QuestionGenerator(Map<QuestionTemplate, Double> mix) {
        Map<QuestionTemplate, Double> copy = new EnumMap<>(QuestionTemplate.class);
        mix.forEach((template, weight) -> {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("weight of " + template.key() + " must be finite and >= 0, got " + weight);
            }
            if (weight > 0) {
                copy.put(template, weight);
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one template needs a positive weight: " + mix);
        }
        this.mix = Collections.unmodifiableMap(copy);
    }

    /**
     * The default mix: label 3, last_digit 1, colour_of_shape 2, shape_of_colour 2, count 1,
     * exists 1, where 1.
     */
    public static Map<QuestionTemplate, Double> defaultMix() {
        Map<QuestionTemplate, Double> mix = new LinkedHashMap<>();
        mix.put(QuestionTemplate.LABEL, 3.0);
        mix.put(QuestionTemplate.LAST_DIGIT, 1.0);
        mix.put(QuestionTemplate.COLOUR_OF_SHAPE, 2.0);
        mix.put(QuestionTemplate.SHAPE_OF_COLOUR, 2.0);
        mix.put(QuestionTemplate.COUNT, 1.0);
        mix.put(QuestionTemplate.EXISTS, 1.0);
        mix.put(QuestionTemplate.WHERE, 1.0);
        return mix;
    }

    /**
     * Parses a mix like "label=3,count=0.5" (template keys as in {@link QuestionTemplate#key()});
     * templates not named get weight 0.
     */
    public static Map<QuestionTemplate, Double> parseMix(String text) {
        Map<QuestionTemplate, Double> mix = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("=");
            if (pair.length != 2) {
                throw new IllegalArgumentException("mix entries look like template=weight, got '" + part + "'");
            }
            try {
                mix.put(QuestionTemplate.fromKey(pair[0].trim()), Double.parseDouble(pair[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of '" + pair[0].trim() + "' is not a number: '" + pair[1] + "'", e);
            }
        }
        return mix;
    }

    /** The weights in use (positive only). */
    public Map<QuestionTemplate, Double> mix() {
        return mix;
    }

    /** Up to {@code count} distinct questions about {@code scene}, fewer when candidates run out. */
    public List<VqaSample> questions(Scene scene, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<QuestionTemplate, List<VqaSample>> pool = new EnumMap<>(QuestionTemplate.class);
        for (QuestionTemplate template : mix.keySet()) {
            List<VqaSample> candidates = new ArrayList<>(candidates(scene, template, random));
            if (!candidates.isEmpty()) {
                pool.put(template, candidates);
            }
        }
        List<VqaSample> asked = new ArrayList<>(count);
        while (asked.size() < count && !pool.isEmpty()) {
            QuestionTemplate template = pickTemplate(random, pool.keySet());
            List<VqaSample> candidates = pool.get(template);
            VqaSample sample = candidates.remove(random.nextInt(candidates.size()));
            if (candidates.isEmpty()) {
                pool.remove(template);
            }
            asked.add(sample);
        }
        return asked;
    }

    /** Every question of {@code template} that may be asked about {@code scene} (seeded for the yes/no balance). */
    public static List<VqaSample> candidates(Scene scene, QuestionTemplate template, long seed) {
        return candidates(scene, template, new SplittableRandom(seed));
    }

    private QuestionTemplate pickTemplate(SplittableRandom random, Set<QuestionTemplate> available) {
        double total = 0;
        for (QuestionTemplate template : available) {
            total += mix.get(template);
        }
        double point = random.nextDouble() * total;
        QuestionTemplate last = null;
        for (QuestionTemplate template : QuestionTemplate.values()) {
            if (available.contains(template)) {
                last = template;
                point -= mix.get(template);
                if (point < 0) {
                    return template;
                }
            }
        }
        return last;
    }

    private static List<VqaSample> candidates(Scene scene, QuestionTemplate template, SplittableRandom random) {
        List<VqaSample> out = new ArrayList<>();
        switch (template) {
            case LABEL -> {
                for (SceneObject object : scene.objects()) {
                    out.add(about(scene, template, fill(template, object.colour(), object.shape(), null), object.label(), object));
                }
            }
            case LAST_DIGIT -> {
                for (SceneObject object : scene.objects()) {
                    String label = object.label();
                    out.add(about(scene, template, fill(template, object.colour(), object.shape(), null),
                        label.substring(label.length() - 1), object));
                }
            }
            case LABEL_CHECK -> {
                for (SceneObject object : scene.objects()) {
                    out.add(about(scene, template, fill(template, object.colour(), object.shape(), object.label()), "yes", object));
                    String wrong = wrongLabel(random, object.label());
                    out.add(about(scene, template, fill(template, object.colour(), object.shape(), wrong), "no", object));
                }
            }
            case COLOUR_OF_SHAPE -> {
                for (Shape shape : Shape.values()) {
                    List<SceneObject> matching = scene.objects().stream().filter(o -> o.shape() == shape).toList();
                    if (matching.size() == 1) {
                        SceneObject object = matching.get(0);
                        out.add(about(scene, template, fill(template, null, shape, null), object.colour().word(), object));
                    }
                }
            }
            case SHAPE_OF_COLOUR -> {
                for (Colour colour : Colour.values()) {
                    List<SceneObject> matching = scene.objects().stream().filter(o -> o.colour() == colour).toList();
                    if (matching.size() == 1) {
                        SceneObject object = matching.get(0);
                        out.add(about(scene, template, fill(template, colour, null, null), object.shape().word(), object));
                    }
                }
            }
            case COUNT -> {
                for (Shape shape : Shape.values()) {
                    long n = scene.objects().stream().filter(o -> o.shape() == shape).count();
                    out.add(new VqaSample(scene.id(), fill(template, null, shape, null), Long.toString(n),
                        template.kind(), template.key(), null, -1));
                }
            }
            case EXISTS -> {
                List<VqaSample> absent = new ArrayList<>();
                for (Colour colour : Colour.values()) {
                    for (Shape shape : Shape.values()) {
                        SceneObject object = find(scene, colour, shape);
                        String question = fill(template, colour, shape, null);
                        if (object != null) {
                            out.add(about(scene, template, question, "yes", object));
                        } else {
                            absent.add(new VqaSample(scene.id(), question, "no", template.kind(), template.key(), null, -1));
                        }
                    }
                }
                int present = out.size();
                for (int i = 0; i < present && !absent.isEmpty(); i++) {
                    out.add(absent.remove(random.nextInt(absent.size())));
                }
            }
            case WHERE -> {
                for (SceneObject object : scene.objects()) {
                    String position = position(object, scene.width(), scene.height());
                    if (position != null) {
                        out.add(about(scene, template, fill(template, object.colour(), object.shape(), null), position, object));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The position word of an object's centre in the image split in thirds, or null when the
     * centre is within 1/24 of a side of a third line (ambiguous).
     */
    public static String position(SceneObject object, int width, int height) {
        int column = third(object.box().centreX() / width);
        int row = third(object.box().centreY() / height);
        return column < 0 || row < 0 ? null : POSITIONS.get(row * 3 + column);
    }

    private static int third(double fraction) {
        for (int line = 1; line <= 2; line++) {
            if (Math.abs(fraction - line / 3.0) < WHERE_MARGIN) {
                return -1;
            }
        }
        return Math.min(2, (int) Math.floor(fraction * 3));
    }

    private static String wrongLabel(SplittableRandom random, String label) {
        int value = Integer.parseInt(label);
        int low = label.length() == 1 ? 0 : 10;
        int high = label.length() == 1 ? 9 : 99;
        int other = low + random.nextInt(high - low);
        return Integer.toString(other >= value ? other + 1 : other);
    }

    private static SceneObject find(Scene scene, Colour colour, Shape shape) {
        for (SceneObject object : scene.objects()) {
            if (object.colour() == colour && object.shape() == shape) {
                return object;
            }
        }
        return null;
    }

    private static VqaSample about(Scene scene, QuestionTemplate template, String question, String answer, SceneObject object) {
        return new VqaSample(scene.id(), question, answer, template.kind(), template.key(), object.box(), object.id());
    }

    private static String fill(QuestionTemplate template, Colour colour, Shape shape, String number) {
        String text = template.pattern();
        if (colour != null) {
            text = text.replace("{colour}", colour.word());
        }
        if (shape != null) {
            text = text.replace("{shapes}", shape.plural()).replace("{shape}", shape.word());
        }
        if (number != null) {
            text = text.replace("{number}", number);
        }
        return text;
    }
}
