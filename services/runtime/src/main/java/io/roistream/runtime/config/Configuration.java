package io.roistream.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layered configuration of a worker: command-line flags over environment variables over a
 * properties file over built-in defaults. Keys are dotted ({@code objectstore.endpoint}); the
 * environment variable of a key is {@code ROISTREAM_} followed by the key in upper case with dots
 * and dashes as underscores ({@code ROISTREAM_OBJECTSTORE_ENDPOINT}); the properties file is the
 * one named by the key {@value #CONFIG_FILE_KEY} in the flags or the environment.
 *
 * <p>Typed getters fail with a {@link ConfigException} naming the key and the exact source of the
 * offending value. Instances are immutable.
 */
public final class Configuration {

    /** The key naming the properties file ({@code --config.file=...} or {@code ROISTREAM_CONFIG_FILE}). */
    public static final String CONFIG_FILE_KEY = "config.file";
    /** The prefix of the environment variables read. */
    public static final String ENVIRONMENT_PREFIX = "ROISTREAM_";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private final Map<String, ConfigValue> commandLine;
    private final Map<String, String> environment;
    private final Map<String, ConfigValue> file;
    private final Map<String, ConfigValue> defaults;

    private Configuration(Map<String, ConfigValue> commandLine, Map<String, String> environment,
                          Map<String, ConfigValue> file, Map<String, ConfigValue> defaults) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.file = file;
        this.defaults = defaults;
    }

    /**
     * Resolves the layers of a process: its arguments, its environment, the properties file named by
     * {@value #CONFIG_FILE_KEY} (in the arguments or the environment; none if absent) and {@code defaults}.
     *
     * @throws ConfigException for an argument that is not a {@code --key=value} or {@code --key value}
     *     flag, or a properties file that cannot be read
     */
    public static Configuration load(List<String> args, Map<String, String> environment, Map<String, String> defaults) {
        Map<String, ConfigValue> flags = parseFlags(args);
        Map<String, String> env = Map.copyOf(environment);
        Map<String, ConfigValue> defaultValues = new LinkedHashMap<>();
        defaults.forEach((key, value) -> defaultValues.put(key,
                new ConfigValue(key, value, ConfigLayer.DEFAULTS, ConfigLayer.DEFAULTS.describe(key))));
        Configuration withoutFile = new Configuration(flags, env, Map.of(), Map.copyOf(defaultValues));
        Optional<ConfigValue> fileName = withoutFile.lookup(CONFIG_FILE_KEY).filter(value -> !value.raw().isBlank());
        Map<String, ConfigValue> fileValues = fileName.isPresent() ? readFile(fileName.get()) : Map.of();
        return new Configuration(flags, env, fileValues, Map.copyOf(defaultValues));
    }

    /** The configuration of this process: {@code args}, {@link System#getenv()} and {@code defaults}. */
    public static Configuration fromProcess(String[] args, Map<String, String> defaults) {
        return load(List.of(args), System.getenv(), defaults);
    }

    /** The environment variable read for {@code key}: {@code ROISTREAM_FOO_BAR} for {@code foo.bar}. */
    public static String environmentVariable(String key) {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code key} from the highest layer that has it, with its provenance. */
    public Optional<ConfigValue> lookup(String key) {
        ConfigValue flag = commandLine.get(key);
        if (flag != null) {
            return Optional.of(flag);
        }
        String variable = environmentVariable(key);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) {
            return Optional.of(new ConfigValue(key, fromEnvironment, ConfigLayer.ENVIRONMENT,
                    ConfigLayer.ENVIRONMENT.describe(variable)));
        }
        ConfigValue fromFile = file.get(key);
        return fromFile != null ? Optional.of(fromFile) : Optional.ofNullable(defaults.get(key));
    }

    /** The string value of {@code key}, or empty when no layer has it. */
    public Optional<String> optionalString(String key) {
        return lookup(key).map(ConfigValue::raw);
    }

    /** The string value of {@code key}; fails when no layer has it or it is blank. */
    public String string(String key) {
        ConfigValue value = required(key);
        if (value.raw().isBlank()) {
            throw new ConfigException("Configuration key '" + key + "' is blank in " + value.source());
        }
        return value.raw();
    }

    /** The value of {@code key} as an int. */
    public int integer(String key) {
        ConfigValue value = required(key);
        try {
            return Integer.parseInt(value.raw().trim());
        } catch (NumberFormatException e) {
            throw malformed(value, "an integer", e);
        }
    }

    /** The value of {@code key} as an int of at least {@code minimum}. */
    public int integerAtLeast(String key, int minimum) {
        int result = integer(key);
        if (result < minimum) {
            ConfigValue value = required(key);
            throw new ConfigException("Configuration key '" + key + "' from " + value.source() + " is " + result
                    + ", below the minimum " + minimum);
        }
        return result;
    }

    /** The value of {@code key} as a long. */
    public long longValue(String key) {
        ConfigValue value = required(key);
        try {
            return Long.parseLong(value.raw().trim());
        } catch (NumberFormatException e) {
            throw malformed(value, "a long integer", e);
        }
    }

    /** The value of {@code key} as a double. */
    public double doubleValue(String key) {
        ConfigValue value = required(key);
        try {
            return Double.parseDouble(value.raw().trim());
        } catch (NumberFormatException e) {
            throw malformed(value, "a number", e);
        }
    }

    /** The value of {@code key} as a boolean: exactly {@code true} or {@code false}, any case. */
    public boolean bool(String key) {
        ConfigValue value = required(key);
        String raw = value.raw().trim().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed(value, "true or false", null);
        };
    }

    /** The value of {@code key} as a constant of {@code type}, named in any case. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        ConfigValue value = required(key);
        String raw = value.raw().trim().toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(raw)) {
                return constant;
            }
        }
        throw malformed(value, "one of " + Arrays.toString(type.getEnumConstants()), null);
    }

    /**
     * The value of {@code key} as a duration: a number with a unit ({@code 250ms}, {@code 5s},
     * {@code 2m}, {@code 1h}, {@code 1d}) or ISO-8601 ({@code PT5S}); never negative.
     */
    public Duration duration(String key) {
        ConfigValue value = required(key);
        String raw = value.raw().trim();
        Matcher matcher = DURATION.matcher(raw);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(raw);
            if (parsed.isNegative()) {
                throw malformed(value, "a non-negative duration", null);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw malformed(value, "a duration such as 250ms, 5s, 2m or PT5S", e);
        }
    }

    /** The value of {@code key} as a size in bytes: a number with an optional unit {@code B}, {@code KiB}, {@code MiB}, {@code GiB}. */
    public long byteSize(String key) {
        ConfigValue value = required(key);
        Matcher matcher = SIZE.matcher(value.raw().trim());
        if (!matcher.matches()) {
            throw malformed(value, "a size such as 1048576, 512KiB or 16MiB", null);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(amount, factor);
        } catch (ArithmeticException e) {
            throw malformed(value, "a size that fits in 64 bits", e);
        }
    }

    /**
     * Every key under {@code prefix} (e.g. {@code kafka.producer.}) with the prefix removed, merged over
     * all layers with the usual precedence: for passing client properties through. Environment
     * variables are mapped back to keys with underscores as dots ({@code ROISTREAM_KAFKA_PRODUCER_LINGER_MS}
     * gives {@code linger.ms} under {@code kafka.producer.}).
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> merged = new TreeMap<>();
        defaults.forEach((key, value) -> putUnder(merged, prefix, key, value.raw()));
        file.forEach((key, value) -> putUnder(merged, prefix, key, value.raw()));
        environment.forEach((variable, value) -> {
            if (variable.startsWith(ENVIRONMENT_PREFIX)) {
                String key = variable.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                putUnder(merged, prefix, key, value);
            }
        });
        commandLine.forEach((key, value) -> putUnder(merged, prefix, key, value.raw()));
        return Collections.unmodifiableMap(merged);
    }

    private static void putUnder(Map<String, String> target, String prefix, String key, String value) {
        if (key.startsWith(prefix) && key.length() > prefix.length()) {
            target.put(key.substring(prefix.length()), value);
        }
    }

    private ConfigValue required(String key) {
        return lookup(key).orElseThrow(() -> new ConfigException("Configuration key '" + key
                + "' is not set: pass --" + key + "=..., set " + environmentVariable(key)
                + " or put it in the properties file"));
    }

    private static ConfigException malformed(ConfigValue value, String expected, Throwable cause) {
        return new ConfigException("Configuration key '" + value.key() + "' from " + value.source() + " is '"
                + value.raw() + "', not " + expected, cause);
    }

    private static Map<String, ConfigValue> parseFlags(List<String> args) {
        Map<String, ConfigValue> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("Command-line argument '" + arg + "' is not a flag: use --key=value or --key value");
            }
            String body = arg.substring(2);
            int equals = body.indexOf('=');
            String key;
            String value;
            if (equals >= 0) {
                key = body.substring(0, equals);
                value = body.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                key = body;
                value = args.get(++i);
            } else {
                throw new ConfigException("Command-line flag --" + body + " has no value: use --" + body
                        + "=value or --" + body + " value");
            }
            if (key.isBlank()) {
                throw new ConfigException("Command-line argument '" + arg + "' has no key");
            }
            flags.put(key, new ConfigValue(key, value, ConfigLayer.COMMAND_LINE, ConfigLayer.COMMAND_LINE.describe(key)));
        }
        return Map.copyOf(flags);
    }

    private static Map<String, ConfigValue> readFile(ConfigValue fileName) {
        Path path = Path.of(fileName.raw());
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the properties file " + path + " named by " + fileName.source()
                    + ": " + e, e);
        }
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, new ConfigValue(key, properties.getProperty(key), ConfigLayer.PROPERTIES_FILE,
                    ConfigLayer.PROPERTIES_FILE.describe(path + " (key " + key + ")")));
        }
        return Map.copyOf(values);
    }
}
