package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The context is built as IntegrationRuntime builds it: error handling, routes, metrics and thread pools start. */
class CamelContextStartTest {

    @Test
    void theRoutesStartWithTheirRouteConfiguration() throws Exception {
        IntegrationConfig config = new IntegrationConfig();
        config.redeliveries = 3;
        config.redeliveryDelayMillis = 10;
        config.redeliveryMaxDelayMillis = 100;
        IntegrationRuntime rt = new IntegrationRuntime();
        rt.config = config;
        rt.tx = new TxRunner();
        rt.received = new ReceivedMessages();
        try (DefaultCamelContext ctx = rt.buildContext(new TestThreads())) {
            ctx.start();
            assertEquals(List.of("applications-decided", "dead-letter", "lgwan-result", "lgwan-result-store", "mynaportal-application",
                    "mynaportal-store", "mynaportal-store-all", "outbox-deliver"),
                    ctx.getRoutes().stream().map(r -> r.getRouteId()).sorted().toList());
            assertEquals(1, ctx.getRouteConfigurationDefinitions().size());
        }
    }
}
