package io.roistream.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Produces the (empty) list of dynamic configuration properties that Apicurio's
 * {@code apicurio-common-app-components-config-index} extension would otherwise build at
 * build time. That extension's deployment artifact is not served by Maven Central, so it is
 * excluded; the registry then simply runs without runtime-editable configuration properties.
 */
@Singleton
public final class EmptyDynamicConfigPropertyListProducer {

    /** Returns a list holding no dynamic configuration property. */
    @Produces
    @ApplicationScoped
    DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(List.of());
    }
}
