package io.roistream.tests.interop;

import io.roistream.testkit.WithEmbeddedStack;

/** Interoperability with npm kafkajs 2.2.4 and @kafkajs/confluent-schema-registry 3.9.0. */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
final class KafkajsInteropTest extends ConfluentClientInteropContract {

    KafkajsInteropTest() {
        super(new KafkajsClient());
    }
}
