package io.roistream.runtime.config;

/**
 * One resolved configuration value and its provenance.
 *
 * @param key the dotted key, e.g. {@code objectstore.endpoint}
 * @param raw the value as written
 * @param layer the layer it came from
 * @param source the exact source in words, e.g. {@code environment variable ROISTREAM_OBJECTSTORE_ENDPOINT}
 */
public record ConfigValue(String key, String raw, ConfigLayer layer, String source) {

    @Override
    public String toString() {
        return key + "=" + raw + " (" + source + ")";
    }
}
