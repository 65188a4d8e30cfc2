package io.roistream.runtime.images;

import io.roistream.runtime.config.Configuration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What intake accepts.
 *
 * @param maxInlineBytes largest inline image, in bytes
 * @param maxObjectBytes largest stored image, in bytes
 * @param maxPixels largest width x height the header may claim
 * @param maxSide largest width or height the header may claim
 * @param formats accepted ImageIO format names, lower case (e.g. {@code png}, {@code jpeg})
 */
public record ImageLimits(long maxInlineBytes, long maxObjectBytes, long maxPixels, int maxSide, Set<String> formats) {

    /** Configuration defaults of the keys read by {@link #fromConfiguration}. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "images.max-inline-bytes", "1MiB",
            "images.max-object-bytes", "32MiB",
            "images.max-pixels", "40000000",
            "images.max-side", "16384",
            "images.formats", "png,jpeg");

    /** Validates the limits and normalises the format names. */
    public ImageLimits {
        if (maxInlineBytes < 1 || maxObjectBytes < 1 || maxPixels < 1 || maxSide < 1) {
            throw new IllegalArgumentException("Image limits must be positive");
        }
        formats = formats.stream().map(f -> f.trim().toLowerCase(Locale.ROOT)).filter(f -> !f.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("At least one image format must be accepted");
        }
    }

    /** The limits of {@link #DEFAULTS}. */
    public static ImageLimits defaults() {
        return fromConfiguration(Configuration.load(List.of(), Map.of(), DEFAULTS));
    }

    /** These limits with {@code maxBytes} for inline and stored images alike. */
    public ImageLimits withMaxBytes(long maxBytes) {
        return new ImageLimits(maxBytes, maxBytes, maxPixels, maxSide, formats);
    }

    /** Reads {@code images.max-inline-bytes}, {@code images.max-object-bytes}, {@code images.max-pixels}, {@code images.max-side}, {@code images.formats}. */
    public static ImageLimits fromConfiguration(Configuration config) {
        return new ImageLimits(config.byteSize("images.max-inline-bytes"), config.byteSize("images.max-object-bytes"),
                config.longValue("images.max-pixels"), config.integerAtLeast("images.max-side", 1),
                Arrays.stream(config.string("images.formats").split(",")).collect(Collectors.toSet()));
    }
}
