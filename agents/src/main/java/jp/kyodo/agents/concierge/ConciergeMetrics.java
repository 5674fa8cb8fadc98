package jp.kyodo.agents.concierge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The concierge's counters as OpenTelemetry metrics (MicroProfile Telemetry 2.1 of {@code microProfile-7.1}):
 * {@code kyodo.concierge.questions}, {@code .answered}, {@code .handed_over}, {@code .tokens.in}, {@code .tokens.out},
 * each with the attribute {@code city} (the 6-digit code). They are exported only when the operator enables the
 * OpenTelemetry SDK ({@code otel.sdk.disabled=false} and an exporter); otherwise they cost nothing. When the
 * runtime offers no OpenTelemetry API, the metrics are skipped (the daily counters in the database stay the record).
 */
@ApplicationScoped
public class ConciergeMetrics {

    private static final Logger LOG = Logger.getLogger(ConciergeMetrics.class.getName());

    @Inject
    Instance<Object> beans;

    private volatile Recorder recorder;

    /** Something that records the counters (the OpenTelemetry one, or nothing). */
    public interface Recorder {
        void asked(String city, boolean answered, long tokensIn, long tokensOut);
    }

    public void asked(String city, boolean answered, long tokensIn, long tokensOut) {
        Recorder r = recorder;
        if (r == null) {
            r = create();
            recorder = r;
        }
        try {
            r.asked(city, answered, tokensIn, tokensOut);
        } catch (RuntimeException | LinkageError e) {
            LOG.fine("metrics not recorded: " + e);
        }
    }

    private Recorder create() {
        try {
            Class<?> c = Class.forName("jp.kyodo.agents.concierge.internal.OtelRecorder");
            return (Recorder) c.getMethod("create", Instance.class).invoke(null, beans);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.info("[kyodo] OpenTelemetry API not available; concierge metrics only in the database (" + e + ")");
            return (city, answered, in, out) -> { };
        }
    }
}
