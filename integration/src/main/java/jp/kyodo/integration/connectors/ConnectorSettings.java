package jp.kyodo.integration.connectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.agents.llm.SecretBox;
import jp.kyodo.integration.internal.DeadLetterStore;
import jp.kyodo.integration.internal.Failures;
import jp.kyodo.integration.internal.PartnerClient;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;
import org.eclipse.microprofile.config.Config;

/**
 * The current city's connectors. Secrets are sealed with AES-GCM under the deployment's secrets key
 * ({@code kyodo.secrets.key}, as the LLM API keys are), with the city's id as associated data, and never returned.
 * Endpoints must be http(s) on a host of {@code kyodo.integration.allowed-hosts}.
 */
@ApplicationScoped
public class ConnectorSettings {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    PartnerClient client;
    @Inject
    Config config;

    @Transactional
    public List<ConnectorView> list() {
        tenant.city();
        List<ConnectorView> out = new ArrayList<>();
        for (Partner p : Partner.values()) {
            out.add(view(p));
        }
        return out;
    }

    @Transactional
    public ConnectorView save(String partnerCode, ConnectorDraft d) {
        City city = tenant.city();
        Partner p = Partner.byCode(partnerCode).orElseThrow(() -> ProblemException.notFound("connector"));
        if (d == null) {
            throw ProblemException.badRequest("connector", "設定内容を送ってください", "a connector body is required");
        }
        String endpoint = d.endpoint() == null ? "" : d.endpoint().strip();
        if (p.fileDrop()) {
            // the drop folder is the operator's (kyodo.integration.lgwan.drop-dir); a city never names a path
            if (!endpoint.isEmpty()) {
                throw ProblemException.badRequest("endpoint", "LGWAN 連携では接続先を指定しません（運用者が設定します）",
                        "an LGWAN connector has no endpoint: the operator sets the drop folder");
            }
        } else {
            try {
                URI uri = URI.create(endpoint);
                client.checkHost(uri);
            } catch (IllegalArgumentException | Failures.Permanent e) {
                throw ProblemException.badRequest("endpoint", "接続先URLは許可されたホストの http(s) のURLで入力してください",
                        "the endpoint must be an http(s) URL on an allowed host");
            }
        }
        int poll = d.pollSeconds() == null ? 60 : d.pollSeconds();
        if (poll < 1 || poll > 86400) {
            throw ProblemException.badRequest("pollSeconds", "取得間隔は1〜86400秒で入力してください", "pollSeconds must be 1–86400");
        }
        String account = d.account() == null || d.account().isBlank() ? null : d.account().strip();
        if (account != null && account.length() > 200) {
            throw ProblemException.badRequest("account", "アカウントは200文字以内です", "account is at most 200 characters");
        }
        byte[] sealed = null;
        boolean keepSecret = d.secret() == null;
        if (!keepSecret && !d.secret().isEmpty()) {
            if (d.secret().length() > 2000) {
                throw ProblemException.badRequest("secret", "認証情報が長すぎます", "secret too long");
            }
            sealed = box().seal(d.secret(), city.id().toString());
        }
        var insert = em.createNativeQuery("INSERT INTO integration_connector (partner, enabled, endpoint, account, secret_encrypted, "
                        + "poll_seconds, updated_by) VALUES (?1, ?2, ?3, ?4, " + (sealed == null ? "NULL" : "?5") + ", ?6, ?7) "
                        + "ON CONFLICT (tenant_id, partner) DO UPDATE SET enabled = EXCLUDED.enabled, endpoint = EXCLUDED.endpoint, "
                        + "account = EXCLUDED.account, poll_seconds = EXCLUDED.poll_seconds, updated_by = EXCLUDED.updated_by, "
                        + "updated_at = now()"
                        + (keepSecret ? "" : ", secret_encrypted = EXCLUDED.secret_encrypted"))
                .setParameter(1, p.code()).setParameter(2, Boolean.TRUE.equals(d.enabled())).setParameter(3, endpoint)
                .setParameter(4, account).setParameter(6, poll).setParameter(7, identity.username());
        if (sealed != null) {
            insert.setParameter(5, sealed);
        }
        insert.executeUpdate();
        audit.record("integration.connector.save", "integration_connector", p.code(),
                Map.of("enabled", Boolean.TRUE.equals(d.enabled()), "endpoint", endpoint,
                        "secret", keepSecret ? "kept" : sealed == null ? "removed" : "replaced"));
        return view(p);
    }

    /** The connector with its secret, for a route working for the current city. */
    @Transactional
    public Optional<Connector> connector(Partner p) {
        City city = tenant.city();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT enabled, endpoint, account, secret_encrypted, poll_seconds "
                + "FROM integration_connector WHERE partner = ?1").setParameter(1, p.code()).getResultList();
        return rows.stream().findFirst().map(r -> new Connector(p, (Boolean) r[0], (String) r[1], (String) r[2],
                r[3] == null ? null : box().open((byte[]) r[3], city.id().toString()), ((Number) r[4]).intValue()));
    }

    private ConnectorView view(Partner p) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT enabled, endpoint, account, secret_encrypted IS NOT NULL, "
                + "poll_seconds, updated_at, updated_by FROM integration_connector WHERE partner = ?1")
                .setParameter(1, p.code()).getResultList();
        if (rows.isEmpty()) {
            return new ConnectorView(p.code(), p.label(), p.outbound(), false, false, null, null, false, 60, null, null);
        }
        Object[] r = rows.get(0);
        return new ConnectorView(p.code(), p.label(), p.outbound(), true, (Boolean) r[0], (String) r[1], (String) r[2],
                (Boolean) r[3], ((Number) r[4]).intValue(), DeadLetterStore.time(r[5]), (String) r[6]);
    }

    private SecretBox box() {
        String k = config.getOptionalValue("kyodo.secrets.key", String.class).orElse("");
        if (k.isBlank()) {
            throw new ProblemException(503, "no-secrets-key", "認証情報を保存できません", "Secrets key not configured",
                    "kyodo.secrets.key is not set on this server");
        }
        return new SecretBox(k);
    }
}
