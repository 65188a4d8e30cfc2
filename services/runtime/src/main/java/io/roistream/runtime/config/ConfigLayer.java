package io.roistream.runtime.config;

/** Where a configuration value came from, highest precedence first. */
public enum ConfigLayer {
    /** A command-line flag, {@code --foo.bar=value} or {@code --foo.bar value}. */
    COMMAND_LINE("command-line flag --%s"),
    /** An environment variable, {@code ROISTREAM_FOO_BAR} for {@code foo.bar}. */
    ENVIRONMENT("environment variable %s"),
    /** The properties file named by {@code config.file}. */
    PROPERTIES_FILE("properties file %s"),
    /** The defaults the program was built with. */
    DEFAULTS("built-in default %s");

    private final String sourceFormat;

    ConfigLayer(String sourceFormat) {
        this.sourceFormat = sourceFormat;
    }

    /** Words naming the exact source, e.g. {@code environment variable ROISTREAM_FOO_BAR}. */
    String describe(String detail) {
        return String.format(sourceFormat, detail);
    }
}
