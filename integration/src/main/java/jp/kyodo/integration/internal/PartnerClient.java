package jp.kyodo.integration.internal;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls to partner systems, each through the circuit breaker of its (city, partner): when one city's partner
 * keeps failing, only that city's calls to it stop for a while; other cities and partners are not touched. Answers
 * are sorted into success (2xx, and 409 = "already have it"), {@link Failures.Transient} (no answer, 429, 5xx) and
 * {@link Failures.Permanent} (any other 4xx: the message is wrong). Only transient failures count for the breaker.
 */
@ApplicationScoped
public class PartnerClient {

    @Inject
    IntegrationConfig config;
    private HttpClient http;
    private CircuitBreakerRegistry breakers;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.httpTimeoutMillis))
                .version(HttpClient.Version.HTTP_1_1).build();
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.breakerFailureRate)
                .slidingWindowSize(config.breakerWindow)
                .minimumNumberOfCalls(Math.min(5, config.breakerWindow))
                .waitDurationInOpenState(Duration.ofSeconds(config.breakerOpenSeconds))
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Failures.Transient.class)
                .ignoreExceptions(Failures.Permanent.class)
                .build());
    }

    /** The breaker of one city's partner (name "<lg code>/<partner>"). */
    public CircuitBreaker breaker(String cityCode, String partner) {
        return breakers.circuitBreaker(cityCode + "/" + partner);
    }

    /** Sends the request through the city's partner breaker; the body of a successful answer. */
    public HttpResponse<String> send(String cityCode, String partner, HttpRequest.Builder request) {
        CircuitBreaker breaker = breaker(cityCode, partner);
        HttpRequest built = request.timeout(Duration.ofMillis(config.httpTimeoutMillis)).build();
        checkHost(built.uri());
        return breaker.executeSupplier(() -> call(built));
    }

    private HttpResponse<String> call(HttpRequest request) {
        HttpResponse<String> response;
        // the request's timeout ends at the answer's head; the whole exchange, body included, is bounded here (a body
        // that stopped half-way held a city's マイナポータル poller for good in a benchmark, session 15)
        var answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            response = answer.get(config.httpAnswerMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new Failures.Transient("no complete answer from " + request.uri().getHost() + " within "
                    + config.httpAnswerMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException) {
                throw new Failures.Transient("no answer from " + request.uri().getHost() + ": " + cause.getClass().getSimpleName());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new Failures.Transient("no answer from " + request.uri().getHost() + ": " + cause);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failures.Transient("interrupted");
        }
        int s = response.statusCode();
        if (s / 100 == 2 || s == 409) {
            return response;
        }
        if (s == 401) {
            throw new Failures.Unauthorized("partner refused the credentials (401)");
        }
        if (s == 429 || s >= 500 || s == 408) {
            throw new Failures.Transient("partner answered " + s);
        }
        throw new Failures.Permanent("partner refused the message (" + s + "): " + abbreviate(response.body()));
    }

    /** A connector may only point at an allowed host (kyodo.integration.allowed-hosts). */
    public void checkHost(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || !config.allowedHosts().contains(host)) {
            throw new Failures.Permanent("endpoint host not allowed: " + host);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
