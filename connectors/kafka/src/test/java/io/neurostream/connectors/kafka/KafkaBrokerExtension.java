package io.neurostream.connectors.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process KRaft broker per test class:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = EmbeddedKafkaBroker.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }
}
