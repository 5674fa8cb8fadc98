package jp.kyodo.integration.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The route metrics as OpenTelemetry instruments from MicroProfile Telemetry's {@link OpenTelemetry} bean (exported
 * where the server's {@code otel.*} settings say; with the SDK off they are no-ops).
 */
final class TelemetrySink implements RouteMetrics.Sink {

    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    private final LongCounter exchanges;
    private final DoubleHistogram duration;

    private TelemetrySink(OpenTelemetry otel) {
        Meter meter = otel.getMeter("jp.kyodo.integration");
        exchanges = meter.counterBuilder("kyodo.integration.exchanges").setDescription("exchanges per route and outcome").build();
        duration = meter.histogramBuilder("kyodo.integration.duration").setUnit("ms")
                .setDescription("exchange duration per route").build();
    }

    /** The sink, or null when MicroProfile Telemetry is not available on this server. */
    static RouteMetrics.Sink create() {
        try {
            return new TelemetrySink(CDI.current().select(OpenTelemetry.class).get());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public void record(String route, boolean failed, long millis) {
        exchanges.add(1, Attributes.of(ROUTE, route, OUTCOME, failed ? "failed" : "completed"));
        duration.record(millis, Attributes.of(ROUTE, route));
    }
}
