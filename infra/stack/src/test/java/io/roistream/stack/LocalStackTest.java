package io.roistream.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.roistream.stack.probe.Ports;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole life of a real stack (broker, S3Proxy and registry processes) on random ports:
 * up, use each service, status, registry restart with the same schema ids, up again, down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    private static final String SCHEMA =
            "{\"type\":\"record\",\"name\":\"Frame\",\"namespace\":\"io.roistream.test\","
                    + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final List<TopicSpec> TOPICS =
            List.of(new TopicSpec("frames", 3, false), new TopicSpec("frame-state", 1, true));
    private static final List<String> BUCKETS = List.of("frames", "models");

    @TempDir
    static Path dataDir;

    private StackConfig config;
    private StackEndpoints endpoints;
    private int schemaId;
    private Thread downOnExit;

    @BeforeAll
    void up() {
        // the stack's processes are detached: should this JVM end before down(), its exit stops them
        downOnExit = new Thread(() -> LocalStack.down(dataDir), "local-stack-test-down");
        Runtime.getRuntime().addShutdownHook(downOnExit);
        config = StackConfig.builder()
                .dataDir(dataDir)
                .kafkaPort(Ports.freePort())
                .controllerPort(Ports.freePort())
                .objectStorePort(Ports.freePort())
                .registryPort(Ports.freePort())
                .build();
        endpoints = LocalStack.up(config, TOPICS, BUCKETS);
        StartupTimes times = LocalStack.status(dataDir).lastStartup().orElseThrow();
        System.out.println("stack up: " + times.total().toMillis() + " ms, per service " + times.services());
    }

    @AfterAll
    void down() {
        LocalStack.down(dataDir);
        Runtime.getRuntime().removeShutdownHook(downOnExit);
    }

    @Test
    @Order(1)
    void endpointsAreOnLoopbackAtTheConfiguredPorts() {
        assertEquals("127.0.0.1:" + config.kafkaPort(), endpoints.bootstrapServers());
        assertEquals("http://127.0.0.1:" + config.registryPort() + "/apis/ccompat/v7", endpoints.schemaRegistryUrl());
        assertEquals("http://127.0.0.1:" + config.objectStorePort(), endpoints.objectStoreEndpoint());
        assertEquals(config.objectStoreAccessKey(), endpoints.objectStoreAccessKey());
    }

    @Test
    @Order(2)
    void createsTheRequestedTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Set.of("frames", "frame-state")).allTopicNames().get();
            assertEquals(3, topics.get("frames").partitions().size());
            assertEquals(1, topics.get("frame-state").partitions().size());
            ConfigResource stateTopic = new ConfigResource(ConfigResource.Type.TOPIC, "frame-state");
            String policy = admin.describeConfigs(List.of(stateTopic)).all().get().get(stateTopic)
                    .get("cleanup.policy").value();
            assertEquals("compact", policy);
        }
    }

    @Test
    @Order(3)
    void producesAndConsumesARecord() {
        String value = "frame-" + UUID.randomUUID();
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("frames", "key", value)).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-test");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("frames"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().equals(value)) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the produced record was not consumed");
    }

    @Test
    @Order(4)
    void putsAndGetsAnObject() throws Exception {
        byte[] content = "region of interest".getBytes(StandardCharsets.UTF_8);
        try (MinioClient client = MinioClient.builder()
                .endpoint(endpoints.objectStoreEndpoint())
                .region("us-east-1")
                .credentials(endpoints.objectStoreAccessKey(), endpoints.objectStoreSecretKey())
                .build()) {
            client.putObject(PutObjectArgs.builder().bucket("frames").object("a/b.txt")
                    .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build());
            try (GetObjectResponse object = client.getObject(
                    GetObjectArgs.builder().bucket("frames").object("a/b.txt").build())) {
                assertEquals(new String(content, StandardCharsets.UTF_8),
                        new String(object.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @Order(5)
    void registersASchemaThroughTheConfluentApi() throws Exception {
        SchemaRegistryClient registry = new SchemaRegistryClient(endpoints.schemaRegistryUrl());
        schemaId = registry.register("frames-value", SCHEMA);
        assertTrue(registry.schemaById(schemaId).contains("Frame"));
        assertEquals(schemaId, registry.register("frames-value", SCHEMA), "registering again returns the same id");
    }

    @Test
    @Order(6)
    void concurrentRegistrationsAllGetTheirOwnIds() throws Exception {
        SchemaRegistryClient registry = new SchemaRegistryClient(endpoints.schemaRegistryUrl());
        List<Callable<Integer>> registrations = IntStream.range(0, 8)
                .mapToObj(i -> (Callable<Integer>) () -> registry.register("concurrent-" + i + "-value",
                        SCHEMA.replace("Frame", "Frame" + i)))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(registrations.size());
        try {
            Set<Integer> ids = new HashSet<>();
            for (Future<Integer> id : pool.invokeAll(registrations)) {
                ids.add(id.get());
            }
            assertEquals(registrations.size(), ids.size(), "distinct ids: " + ids);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(7)
    void statusReportsEveryServiceRunningAndHealthy() {
        StackStatus status = LocalStack.status(dataDir);
        assertTrue(status.allHealthy(), status::toString);
        assertEquals(List.of(config.kafkaPort(), config.controllerPort()), status.service(StackService.KAFKA).ports());
        assertEquals(endpoints, status.endpoints().orElseThrow());
        status.services().forEach(service ->
                assertTrue(ProcessHandle.of(service.pid().orElseThrow()).isPresent(), service::toString));
    }

    @Test
    @Order(8)
    void registryRestartKeepsSchemaIds() throws Exception {
        long oldPid = LocalStack.status(dataDir).service(StackService.REGISTRY).pid().orElseThrow();
        assertEquals(StopOutcome.STOPPED, LocalStack.stop(dataDir, StackService.REGISTRY));
        StackStatus stopped = LocalStack.status(dataDir);
        assertFalse(stopped.service(StackService.REGISTRY).running());
        assertTrue(stopped.service(StackService.KAFKA).healthy());

        LocalStack.up(config, TOPICS, BUCKETS);
        long newPid = LocalStack.status(dataDir).service(StackService.REGISTRY).pid().orElseThrow();
        assertNotEquals(oldPid, newPid);
        SchemaRegistryClient registry = new SchemaRegistryClient(endpoints.schemaRegistryUrl());
        assertTrue(registry.schemaById(schemaId).contains("Frame"));
        assertEquals(schemaId, registry.register("frames-value", SCHEMA));
    }

    @Test
    @Order(9)
    void upOnARunningStackStartsNothing() {
        StackStatus before = LocalStack.status(dataDir);
        assertEquals(endpoints, LocalStack.up(config, TOPICS, BUCKETS));
        StackStatus after = LocalStack.status(dataDir);
        for (StackService service : StackService.values()) {
            assertEquals(before.service(service).pid(), after.service(service).pid());
        }
    }

    @Test
    @Order(10)
    void downStopsEveryProcessItStarted() {
        List<Long> pids = LocalStack.status(dataDir).services().stream().map(s -> s.pid().orElseThrow()).toList();
        Map<StackService, StopOutcome> outcomes = LocalStack.down(dataDir);
        outcomes.values().forEach(outcome -> assertNotEquals(StopOutcome.NOT_RUNNING, outcome, outcomes::toString));
        pids.forEach(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "process " + pid + " still runs"));
        assertTrue(LocalStack.status(dataDir).allStopped());
        assertEquals(Map.of(StackService.KAFKA, StopOutcome.NOT_RUNNING, StackService.OBJECT_STORE,
                StopOutcome.NOT_RUNNING, StackService.REGISTRY, StopOutcome.NOT_RUNNING), LocalStack.down(dataDir));
    }
}
