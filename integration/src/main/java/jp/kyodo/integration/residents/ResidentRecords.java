package jp.kyodo.integration.residents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import jp.kyodo.integration.connectors.Connector;
import jp.kyodo.integration.connectors.ConnectorSettings;
import jp.kyodo.integration.connectors.Partner;
import jp.kyodo.integration.internal.Failures;
import jp.kyodo.integration.internal.PartnerClient;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Reads one resident record from the current city's 住民記録 system (connector {@code resident-record}) for
 * pre-filling or checking an application. Only with the citizen's consent: the caller passes the reference of the
 * consent it holds, which goes into the audit trail with the read (個人情報の閲覧). The 宛名番号's check digit is
 * verified before anything is sent. Through the city's circuit breaker like every partner call.
 */
@ApplicationScoped
public class ResidentRecords {

    @Inject
    ConnectorSettings connectors;
    @Inject
    PartnerClient client;
    @Inject
    TenantContext tenant;
    @Inject
    AuditLog audit;

    /**
     * The record, or empty when the system has no such person.
     *
     * @throws ProblemException 400 for a malformed 宛名番号 or a missing consent, 503 when the connector is off or the
     *                          system cannot be reached
     */
    public Optional<ResidentRecord> read(String atenaNumber, String consentReference) {
        String city = tenant.city().code();
        if (!AtenaNumber.valid(atenaNumber)) {
            throw ProblemException.badRequest("atena-number", "宛名番号が正しくありません（桁数またはチェックデジット）",
                    "the 宛名番号 is malformed or its check digit is wrong");
        }
        if (consentReference == null || consentReference.isBlank() || consentReference.length() > 100) {
            throw ProblemException.badRequest("consent", "本人の同意の記録（同意番号）が必要です",
                    "a reference to the citizen's consent is required");
        }
        Connector c = connectors.connector(Partner.RESIDENT_RECORD).filter(Connector::enabled)
                .orElseThrow(() -> new ProblemException(503, "connector-off", "住民記録システムに接続していません",
                        "The resident-record connector is off", "the city's resident-record connector is not enabled"));
        audit.recordPersonalDataRead("resident_record", atenaNumber, "pre-fill (consent " + consentReference.strip() + ")");
        String base = c.endpoint().endsWith("/") ? c.endpoint().substring(0, c.endpoint().length() - 1) : c.endpoint();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/residents/" + atenaNumber))
                .header("Accept", "application/json").header("X-Kyodo-City", city).GET();
        if (c.secret() != null) {
            request.header("Authorization", "Bearer " + c.secret());
        }
        String body;
        try {
            var response = client.send(city, Partner.RESIDENT_RECORD.code(), request);
            body = response.body();
        } catch (Failures.Permanent e) {
            if (e.getMessage() != null && e.getMessage().contains("(404)")) {
                return Optional.empty();
            }
            throw unavailable();
        } catch (RuntimeException e) {
            throw unavailable();
        }
        try (var r = Json.createReader(new StringReader(body))) {
            JsonObject o = r.readObject();
            return Optional.of(new ResidentRecord(o.getString("atenaNumber"), o.getString("householdNumber", null),
                    o.getString("name"), o.getString("nameKana", null), o.getString("birthDate", null),
                    o.getString("gender", null), o.getString("address", null), o.getString("status", null)));
        } catch (JsonException | NullPointerException | ClassCastException | IllegalStateException e) {
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "partner-unavailable", "住民記録システムから取得できませんでした",
                "The resident-record system did not answer usably", "try again later");
    }
}
