package io.roistream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void defaultsFollowConfluent() {
        SerdeConfig config = new SerdeConfig(Map.of("schema.registry.url", "http://registry:8081",
                "bootstrap.servers", "ignored:9092"));
        assertEquals(List.of(URI.create("http://registry:8081")), config.registryUrls());
        assertTrue(config.autoRegisterSchemas());
        assertFalse(config.specificAvroReader());
        assertEquals(Optional.empty(), config.basicAuthUserInfo());
        assertEquals(Duration.ofSeconds(60), config.readTimeout());
    }

    @Test
    void severalUrlsKeepTheirPathsWithoutTrailingSlash() {
        SerdeConfig config = new SerdeConfig(Map.of("schema.registry.url",
                "http://a:8080/apis/ccompat/v7/, https://b/registry"));
        assertEquals(List.of(URI.create("http://a:8080/apis/ccompat/v7"), URI.create("https://b/registry")),
                config.registryUrls());
    }

    @Test
    void credentialsComeFromUserInfoWhenThatIsTheSource() {
        SerdeConfig config = new SerdeConfig(Map.of("schema.registry.url", "http://ignored:pw@registry:8081",
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:secret"));
        assertEquals(Optional.of("alice:secret"), config.basicAuthUserInfo());
        assertEquals(URI.create("http://registry:8081"), config.registryUrls().get(0));
    }

    @Test
    void credentialsComeFromTheUrlByDefaultAndLeaveIt() {
        SerdeConfig config = new SerdeConfig(Map.of("schema.registry.url", "http://bob:pw@registry:8081/api"));
        assertEquals(Optional.of("bob:pw"), config.basicAuthUserInfo());
        assertEquals(URI.create("http://registry:8081/api"), config.registryUrls().get(0));
    }

    @Test
    void userInfoSourceWithoutCredentialsIsRejected() {
        ConfigException error = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                "schema.registry.url", "http://registry:8081", "basic.auth.credentials.source", "USER_INFO")));
        assertTrue(error.getMessage().contains("basic.auth.user.info"), error.getMessage());
    }

    @Test
    void missingOrBadUrlsAndOtherStrategiesAreRejected() {
        assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of()));
        assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of("schema.registry.url", "registry:8081")));
        ConfigException strategy = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                "schema.registry.url", "http://registry:8081",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy")));
        assertTrue(strategy.getMessage().contains("topic-name strategy"), strategy.getMessage());
    }

    @Test
    void confluentOptionsThatWouldChangeTheWrittenSchemaAreRefusedNotIgnored() {
        for (String key : List.of("use.latest.version", "normalize.schemas", "use.schema.id")) {
            ConfigException error = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                    "schema.registry.url", "http://registry:8081", key, "true")), key);
            assertTrue(error.getMessage().contains(key) && error.getMessage().contains("not supported"),
                    error.getMessage());
        }
        new SerdeConfig(Map.of("schema.registry.url", "http://registry:8081", "use.latest.version", "false"));
    }

    @Test
    void credentialsInAMalformedUrlStayOutOfTheError() {
        ConfigException error = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                "schema.registry.url", "http://alice:s3cr%t@registry:8081")));
        assertFalse(error.getMessage().contains("s3cr"), error.getMessage());
        assertTrue(error.getMessage().contains("http://[hidden]@registry:8081"), error.getMessage());
    }
}
