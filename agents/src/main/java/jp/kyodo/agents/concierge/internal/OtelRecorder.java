package jp.kyodo.agents.concierge.internal;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.inject.Instance;
import jp.kyodo.agents.concierge.ConciergeMetrics;

/** The concierge's counters on the OpenTelemetry API that Liberty's mpTelemetry provides (loaded reflectively). */
public final class OtelRecorder implements ConciergeMetrics.Recorder {
    private static final AttributeKey<String> CITY = AttributeKey.stringKey("city");
    private final LongCounter questions;
    private final LongCounter answered;
    private final LongCounter handedOver;
    private final LongCounter tokensIn;
    private final LongCounter tokensOut;

    private OtelRecorder(Meter m) {
        questions = m.counterBuilder("kyodo.concierge.questions").setDescription("questions asked").build();
        answered = m.counterBuilder("kyodo.concierge.answered").setDescription("questions answered").build();
        handedOver = m.counterBuilder("kyodo.concierge.handed_over").setDescription("questions handed over").build();
        tokensIn = m.counterBuilder("kyodo.concierge.tokens.in").setDescription("model prompt tokens").build();
        tokensOut = m.counterBuilder("kyodo.concierge.tokens.out").setDescription("model completion tokens").build();
    }

    public static ConciergeMetrics.Recorder create(Instance<Object> beans) {
        Instance<OpenTelemetry> o = beans.select(OpenTelemetry.class);
        OpenTelemetry otel = o.isResolvable() ? o.get() : GlobalOpenTelemetry.get();
        return new OtelRecorder(otel.getMeter("jp.kyodo.concierge"));
    }

    @Override
    public void asked(String city, boolean ok, long in, long out) {
        Attributes a = Attributes.of(CITY, city);
        questions.add(1, a);
        (ok ? answered : handedOver).add(1, a);
        if (in > 0) {
            tokensIn.add(in, a);
        }
        if (out > 0) {
            tokensOut.add(out, a);
        }
    }
}
