package io.roistream.schemas.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Confluent-compatible Avro serdes, read from the same keys Confluent's
 * serializers use, so that an existing client configuration can be dropped in unchanged.
 *
 * <p>Supported keys: {@value #SCHEMA_REGISTRY_URL} (comma-separated; tried in order when one is
 * unreachable), {@value #AUTO_REGISTER_SCHEMAS}, {@value #BASIC_AUTH_CREDENTIALS_SOURCE}
 * ({@code USER_INFO} or {@code URL}), {@value #BASIC_AUTH_USER_INFO}, {@value #SPECIFIC_AVRO_READER},
 * {@value #HTTP_CONNECT_TIMEOUT_MS}, {@value #HTTP_READ_TIMEOUT_MS}, and the subject name
 * strategies, of which only the topic-name strategy ({@code <topic>-key}, {@code <topic>-value})
 * is supported: any other strategy is rejected rather than silently ignored, as are
 * {@code use.latest.version}, {@code normalize.schemas} and {@code use.schema.id} set to true. Other
 * unknown keys (the rest of a producer, consumer or Streams configuration) are ignored.
 */
public final class SerdeConfig extends AbstractConfig {

    /** Base URL(s) of the registry's Confluent API, comma-separated. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether serializers register missing schemas ({@code true}) or only look them up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Where basic-auth credentials come from: {@code USER_INFO} or {@code URL}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** Basic-auth credentials as {@code user:password}, used with source {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Whether the configurable deserializer returns generated specific classes. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Connect timeout for registry calls, in milliseconds. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Response timeout for registry calls, in milliseconds. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** Subject name strategy for keys; only the topic-name strategy is supported. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Subject name strategy for values; only the topic-name strategy is supported. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /**
     * Confluent keys that would change which schema is written, and which these serdes do not
     * implement: set to true they are refused, not ignored.
     */
    static final List<String> UNSUPPORTED_WHEN_TRUE = List.of("use.latest.version", "normalize.schemas",
            "use.schema.id");

    static final String TOPIC_NAME_STRATEGY = "io.confluent.kafka.serializers.subject.TopicNameStrategy";
    private static final String SOURCE_USER_INFO = "USER_INFO";
    private static final String SOURCE_URL = "URL";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated base URLs of the schema registry's Confluent API.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register missing schemas when serializing; when false, a schema must already be registered.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, SOURCE_URL,
                    ConfigDef.ValidString.in(SOURCE_USER_INFO, SOURCE_URL), Importance.MEDIUM,
                    "USER_INFO: credentials from basic.auth.user.info; URL: from the user info of schema.registry.url.")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "Basic-auth credentials as user:password.")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Deserialize records into the generated classes named by the writer schema.")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Connect timeout of registry calls in milliseconds.")
            .define(HTTP_READ_TIMEOUT_MS, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Response timeout of registry calls in milliseconds.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
                    "Only the topic-name strategy (<topic>-key) is supported.")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TOPIC_NAME_STRATEGY, Importance.LOW,
                    "Only the topic-name strategy (<topic>-value) is supported.");

    private final List<URI> registryUrls;
    private final Optional<String> userInfo;

    /**
     * Reads and validates a serde configuration.
     *
     * @throws ConfigException when a key is missing, malformed or names an unsupported option
     */
    public SerdeConfig(Map<String, ?> originals) {
        super(DEFINITION, originals, false);
        requireTopicNameStrategy(KEY_SUBJECT_NAME_STRATEGY);
        requireTopicNameStrategy(VALUE_SUBJECT_NAME_STRATEGY);
        for (String unsupported : UNSUPPORTED_WHEN_TRUE) {
            if ("true".equalsIgnoreCase(String.valueOf(originals.get(unsupported)).trim())) {
                throw new ConfigException(unsupported, originals.get(unsupported),
                        "not supported by roistream's serdes: schemas are written as the generated classes define"
                                + " them (registered or looked up by their exact text)");
            }
        }
        List<URI> urls = new ArrayList<>();
        Optional<String> urlUserInfo = Optional.empty();
        for (String url : getList(SCHEMA_REGISTRY_URL)) {
            URI uri = parseUrl(url);
            if (urlUserInfo.isEmpty() && uri.getRawUserInfo() != null) {
                urlUserInfo = Optional.of(uri.getUserInfo());
            }
            urls.add(withoutUserInfo(uri));
        }
        if (urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, "", "at least one registry URL is required");
        }
        this.registryUrls = List.copyOf(urls);
        this.userInfo = SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE))
                ? Optional.of(requiredUserInfo())
                : urlUserInfo;
    }

    /** Base URLs of the registry, without credentials, in the order they are tried. */
    public List<URI> registryUrls() {
        return registryUrls;
    }

    /** Basic-auth credentials ({@code user:password}), if any are configured. */
    public Optional<String> basicAuthUserInfo() {
        return userInfo;
    }

    /** Whether serializers register schemas that are not registered yet. */
    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    /** Whether the configurable deserializer returns generated specific classes. */
    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    /** Connect timeout of registry calls. */
    public Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS));
    }

    /** Response timeout of registry calls. */
    public Duration readTimeout() {
        return Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS));
    }

    private void requireTopicNameStrategy(String key) {
        String strategy = getString(key);
        if (!strategy.equals(TOPIC_NAME_STRATEGY) && !strategy.endsWith(".TopicNameStrategy")
                && !strategy.equals("TopicNameStrategy")) {
            throw new ConfigException(key, strategy,
                    "only the topic-name strategy (<topic>-key / <topic>-value subjects) is supported");
        }
    }

    private String requiredUserInfo() {
        Password password = getPassword(BASIC_AUTH_USER_INFO);
        if (password == null || password.value().isBlank() || !password.value().contains(":")) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, "[hidden]",
                    "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + " is " + SOURCE_USER_INFO);
        }
        return password.value();
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, redacted(url), "not an http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            // the parser's message repeats its input, credentials included: it is not passed on
            throw new ConfigException(SCHEMA_REGISTRY_URL, redacted(url), "not a URL (" + e.getReason() + ")");
        }
    }

    /** {@code url} with anything between {@code ://} and the last {@code @} before the host hidden. */
    static String redacted(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = url.indexOf('/', start);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at < start ? url : url.substring(0, start) + "[hidden]" + url.substring(at);
    }

    private static URI withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return URI.create(uri.getScheme() + "://" + uri.getHost() + port + path);
    }
}
