package io.roistream.model.data;

import java.util.Locale;

/** The object colours of the synthetic scenes, each with its question word and fill colour. */
public enum Colour {
    RED(0xDC2828),
    GREEN(0x28A03C),
    BLUE(0x2850DC),
    YELLOW(0xEBD228),
    PURPLE(0x8C3CB4),
    ORANGE(0xF58C1E);

    private final int rgb;

    Colour(int rgb) {
        this.rgb = rgb;
    }

    /** The word used in questions and answers, e.g. "red". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The nominal fill colour as 0xRRGGBB (objects are drawn within a few levels of it). */
    public int rgb() {
        return rgb;
    }

    /** The label ink that contrasts with this fill: black on light colours, white on dark ones. */
    public int inkRgb() {
        double luminance = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        return luminance > 140 ? 0x000000 : 0xffffff;
    }

    /** The colour named by {@code word} (case-insensitive). */
    public static Colour fromWord(String word) {
        for (Colour colour : values()) {
            if (colour.word().equalsIgnoreCase(word)) {
                return colour;
            }
        }
        throw new IllegalArgumentException("no colour is called '" + word + "'");
    }
}
