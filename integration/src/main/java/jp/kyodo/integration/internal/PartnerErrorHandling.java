package jp.kyodo.integration.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one error-handling configuration every partner route opts into ({@code routeConfigurationId("kyodo-partner")}):
 * <ul>
 *   <li>a message the partner refused or that cannot be read ({@link Failures.Permanent}) goes straight to the dead
 *       letter channel, with the original message;</li>
 *   <li>a partner whose circuit is open is not called at all: the message waits for the next attempt;</li>
 *   <li>anything else is redelivered a bounded number of times with exponential back-off, then handed to the dead
 *       letter channel with the original message, which decides (DeadLetterChannel): an outbox message is
 *       rescheduled while it has attempts left, an inbound one is picked up again by the next poll.</li>
 * </ul>
 */
class PartnerErrorHandling extends RouteConfigurationBuilder {

    static final String ID = "kyodo-partner";
    static final String DEAD_LETTER = "direct:kyodo-dead-letter";
    private final IntegrationConfig config;

    PartnerErrorHandling(IntegrationConfig config) {
        this.config = config;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Failures.Permanent.class, CallNotPermittedException.class)
                    .handled(true).useOriginalMessage().maximumRedeliveries(0).to(DEAD_LETTER).end()
                .onException(Exception.class)
                    .handled(true).useOriginalMessage()
                    .maximumRedeliveries(config.redeliveries)
                    .redeliveryDelay(config.redeliveryDelayMillis)
                    .useExponentialBackOff().backOffMultiplier(2)
                    .maximumRedeliveryDelay(config.redeliveryMaxDelayMillis)
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG).retriesExhaustedLogLevel(LoggingLevel.INFO)
                    .logStackTrace(false)
                    .to(DEAD_LETTER).end();
    }
}
