package io.neurostream.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.neurostream.connectors.kafka.security.KafkaClientSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates Neurostream's topics on any Kafka cluster (embedded or real). */
public final class TopicAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicAdmin() {}

    /** Creates the topics that do not exist yet and waits until all of them are described. */
    public static void createTopics(String bootstrapServers, List<NewTopic> topics) {
        createTopics(bootstrapServers, KafkaClientSecurity.forServers(bootstrapServers), topics);
    }

    /**
     * As {@link #createTopics(String, List)}, authenticating with {@code security}; a broker that
     * refuses it fails at once with a {@link KafkaClientSecurity.KafkaRefusedException} that says so.
     */
    public static void createTopics(String bootstrapServers, KafkaClientSecurity security, List<NewTopic> topics) {
        Properties props = security.applyTo(new Properties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            try {
                admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            List<String> names = topics.stream().map(NewTopic::name).toList();
            awaitDescribed(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            if (security.refusal(e, bootstrapServers) != null) {
                throw security.explain(e, bootstrapServers);
            }
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " - is the broker reachable (--bootstrap-servers)?", e);
        }
    }

    /**
     * A new topic's metadata reaches the broker's cache a moment after creation succeeds; until
     * then describing it fails with UnknownTopicOrPartition. Retry that (only that) until the
     * timeout.
     */
    private static void awaitDescribed(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
