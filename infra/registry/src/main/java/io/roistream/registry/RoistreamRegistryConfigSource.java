package io.roistream.registry;

import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.net.URL;
import java.util.Objects;

/**
 * Runtime configuration of the roistream registry: the properties of
 * {@code roistream-registry.properties} (listen address and port, JDBC URL, pool size, log
 * levels) at ordinal {@value #ORDINAL}, so they override both {@code application.properties}
 * files on the classpath (ours and the Apicurio application jar's, at the same ordinal, in no
 * defined order) while environment variables and system properties still override them.
 */
public final class RoistreamRegistryConfigSource extends PropertiesConfigSource {

    /** Between application.properties (250) and environment variables (300). */
    public static final int ORDINAL = 275;

    private static final String RESOURCE = "/roistream-registry.properties";

    /** Loads the properties resource; called by the ServiceLoader. */
    public RoistreamRegistryConfigSource() throws IOException {
        super(resource(), ORDINAL);
    }

    private static URL resource() {
        return Objects.requireNonNull(
                RoistreamRegistryConfigSource.class.getResource(RESOURCE), RESOURCE + " is missing from the jar");
    }
}
