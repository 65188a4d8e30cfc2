package io.roistream.testkit;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.roistream.stack.StackEndpoints;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka and S3 round trips against a stack, shared by the self-tests. */
final class StackClients {

    private StackClients() {}

    static void createTopic(StackEndpoints stack, String topic, int partitions, short replicas) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all().get();
        }
    }

    /** Produces one record (acks=all) and returns its value. */
    static String produce(StackEndpoints stack, String topic) throws Exception {
        String value = "value-" + UUID.randomUUID();
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get();
        }
        return value;
    }

    /** Whether a consumer reading {@code topic} from the start sees {@code value} within a minute. */
    static boolean consumes(StackEndpoints stack, String topic, String value) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "testkit-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value().equals(value)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Stores {@code text} as an object in a new bucket and reads it back. */
    static String putAndGet(StackEndpoints stack, String bucket, String text) throws Exception {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        try (MinioClient client = MinioClient.builder()
                .endpoint(stack.objectStoreEndpoint())
                .region("us-east-1")
                .credentials(stack.objectStoreAccessKey(), stack.objectStoreSecretKey())
                .build()) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            client.putObject(PutObjectArgs.builder().bucket(bucket).object("dir/object.txt")
                    .stream(new ByteArrayInputStream(content), (long) content.length, -1L).build());
            try (GetObjectResponse object = client.getObject(
                    GetObjectArgs.builder().bucket(bucket).object("dir/object.txt").build())) {
                return new String(object.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
