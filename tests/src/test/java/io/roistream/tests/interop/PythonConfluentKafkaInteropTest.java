package io.roistream.tests.interop;

import io.roistream.testkit.WithEmbeddedStack;

/** Interoperability with Debian's python3-confluent-kafka legacy AvroProducer and AvroConsumer. */
@WithEmbeddedStack(brokers = 1, registry = true, objectStore = false)
final class PythonConfluentKafkaInteropTest extends ConfluentClientInteropContract {

    PythonConfluentKafkaInteropTest() {
        super(new PythonConfluentClient());
    }
}
