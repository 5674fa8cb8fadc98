package jp.kyodo.integration.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Per-route metrics: every completed or failed exchange is counted per route and outcome and its duration recorded,
 * through MicroProfile Telemetry ({@link TelemetrySink}: OpenTelemetry metrics {@code kyodo.integration.exchanges}
 * and {@code kyodo.integration.duration}) and in memory for the route-health API.
 */
public class RouteMetrics extends EventNotifierSupport {

    /** Where the figures go besides memory. */
    interface Sink {
        void record(String route, boolean failed, long millis);
    }

    private final Sink sink;
    private final ConcurrentHashMap<String, LongAdder[]> counts = new ConcurrentHashMap<>();

    RouteMetrics(Sink sink) {
        this.sink = sink;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        boolean failed = event instanceof CamelEvent.ExchangeFailedEvent;
        counts.computeIfAbsent(route, r -> new LongAdder[] {new LongAdder(), new LongAdder()})[failed ? 1 : 0].increment();
        if (sink != null) {
            sink.record(route, failed, exchange.getClock().elapsed());
        }
    }

    /** Completed and failed exchanges per route since start. */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> out = new TreeMap<>();
        counts.forEach((r, c) -> out.put(r, new long[] {c[0].sum(), c[1].sum()}));
        return out;
    }

    void forEach(BiConsumer<String, long[]> f) {
        snapshot().forEach(f);
    }
}
