package io.roistream.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated test class its own running stack, started before the class's first test
 * and torn down after its last: a KRaft Kafka cluster of {@link #brokers()} brokers, an S3 object
 * store and the schema registry, all on 127.0.0.1 and shared by nothing else.
 *
 * <p>Constructors, {@code @BeforeAll}/{@code @BeforeEach} methods and test methods receive the
 * stack by declaring a parameter of type {@link io.roistream.stack.StackEndpoints} (where to
 * connect) or {@link RunningStack} (the same plus control: stop and start the registry or a broker).
 *
 * <p>By default the stack is embedded: in-JVM Kafka and S3Proxy, the registry as its own process.
 * With {@code -Droistream.stack=testcontainers} it runs on Docker instead (Kafka, MinIO and
 * Confluent Schema Registry containers); without a Docker engine such classes are skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(EmbeddedStackExtension.class)
public @interface WithEmbeddedStack {

    /** Number of Kafka brokers (fault tests use 3). */
    int brokers() default 1;

    /** Whether to run the schema registry; without it {@code schemaRegistryUrl()} is null. */
    boolean registry() default true;

    /** Whether to run the object store; without it the object store endpoint and keys are null. */
    boolean objectStore() default true;
}
