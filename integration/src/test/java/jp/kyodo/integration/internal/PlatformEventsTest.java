package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Another module's event in the outbox is consumed by the dispatcher, not sent to a partner and not dead-lettered. */
class PlatformEventsTest {

    @Test
    void moduleEventsAreToldFromPartnerMessages() {
        assertTrue(PlatformEvents.isEvent("applications.submitted"));
        assertTrue(PlatformEvents.isEvent("applications.decided"));
        assertFalse(PlatformEvents.isEvent("child-allowance.application-approved"), "a partner message");
        assertFalse(PlatformEvents.isEvent("applications"), "no kind");
        assertFalse(PlatformEvents.isEvent("applicationsx.submitted"));
        assertFalse(PlatformEvents.isEvent("nowhere.thing"), "an unknown topic stays undeliverable");
        assertFalse(PlatformEvents.isEvent(null));
    }

    @Test
    void anApplicationEventIsMarkedSentWithoutAPartnerCall() throws Exception {
        List<UUID> sent = new ArrayList<>();
        // the route marks nothing itself: the dispatcher marks a batch's delivered rows together
        IntegrationConfig config = new IntegrationConfig();
        config.redeliveries = 0;
        IntegrationRuntime rt = new IntegrationRuntime();
        rt.config = config;
        rt.tx = new TxRunner();
        rt.received = new ReceivedMessages();
        rt.outbox = new OutboxStore() {
            @Override
            public void sent(List<UUID> ids) {
                sent.addAll(ids);
            }
        };
        // no connectors, client or tenant: the event branch must not touch them (a partner call would fail here)
        try (DefaultCamelContext ctx = rt.buildContext(new TestThreads())) {
            ctx.start();
            UUID id = UUID.randomUUID();
            var ex = ctx.createProducerTemplate().send(IntegrationRoutes.OUTBOX, e -> {
                e.getMessage().setBody("{\"applicationId\":\"a-1\"}");
                e.getMessage().setHeader(Headers.OUTBOX_ID, id);
                e.getMessage().setHeader(Headers.TOPIC, "applications.submitted");
                e.getMessage().setHeader(Headers.KEY, "a-1");
                e.getMessage().setHeader(Headers.ATTEMPTS, 1);
            });
            assertEquals(null, ex.getException());
            assertEquals("consumed", ex.getMessage().getHeader(Headers.OUTCOME));
            assertEquals(Boolean.TRUE, ex.getProperty(IntegrationRoutes.DELIVERED));
            assertEquals(List.of(), sent);
        }
    }
}
