package jp.kyodo.agents.llm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.agents.llm.internal.LlmSettingsRow;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.web.OutboundUrl;
import org.eclipse.microprofile.config.Config;

/**
 * The current city's generative model connection. The API key is stored AES-GCM encrypted with the platform's
 * secrets key ({@code kyodo.secrets.key}, environment {@code KYODO_SECRETS_KEY}); it is never returned, logged or
 * put into the audit trail. Without a secrets key, a key cannot be stored (the rest still works). The base URL must
 * pass {@link OutboundUrl} (no internal addresses unless the operator allows them), when saved and before each use;
 * a new host clears the stored key.
 */
@ApplicationScoped
public class LlmSettingsService {

    public static final String NONE = "none";
    public static final String OPENAI = "openai-compatible";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    Config config;

    @Transactional
    public LlmSettingsView get() {
        tenant.city();
        return view(row());
    }

    @Transactional
    public LlmSettingsView update(LlmSettingsInput in) {
        City city = tenant.city();
        if (in == null) {
            throw ProblemException.badRequest("invalid-llm-settings", "内容を送信してください", "send the settings");
        }
        String provider = in.provider() == null || in.provider().isBlank() ? NONE : in.provider().strip();
        if (!provider.equals(NONE) && !provider.equals(OPENAI)) {
            throw ProblemException.badRequest("invalid-llm-settings", "種類は none か openai-compatible です",
                    "provider must be none or openai-compatible");
        }
        String baseUrl = in.baseUrl() == null ? "" : in.baseUrl().strip();
        String model = in.model() == null ? "" : in.model().strip();
        int timeout = in.timeoutMs() == null ? 8000 : in.timeoutMs();
        if (timeout < 500 || timeout > 60000) {
            throw ProblemException.badRequest("invalid-llm-settings", "タイムアウトは500〜60000ミリ秒です",
                    "timeoutMs must be 500–60000");
        }
        if (provider.equals(OPENAI)) {
            if (!validUrl(baseUrl)) {
                throw ProblemException.badRequest("invalid-llm-settings",
                        "接続先URLは http:// または https:// で始まるURLにしてください", "baseUrl must be an http(s) URL");
            }
            String refused = OutboundUrl.refusal(baseUrl);
            if (refused != null) {
                java.util.logging.Logger.getLogger(LlmSettingsService.class.getName()).info(
                        "[kyodo] model URL refused for " + city.code() + ": " + refused);
                throw new ProblemException(400, "outbound-url-refused", "この接続先は使えません", "This address may not be used",
                        "接続先がこのサーバーの内部（ループバック・リンクローカル・プライベート・クラスター内部のアドレス）を指しているか、"
                                + "名前を解決できません。インターネット上のモデルのURLを入力してください（内部のモデルは運用者が許可します）。"
                                + " The address is internal (loopback, link-local, private or cluster-internal) or does not resolve;"
                                + " internal model servers are allowed by the operator only.");
            }
            if (model.isEmpty() || model.length() > 200) {
                throw ProblemException.badRequest("invalid-llm-settings", "モデル名を入力してください（200文字まで）",
                        "model is required");
            }
        }
        LlmSettingsRow r = existing().orElseGet(() -> {
            LlmSettingsRow n = new LlmSettingsRow();
            n.provider = NONE;
            n.timeoutMs = 8000;
            return n;
        });
        boolean isNew = r.updatedAt == null;
        // another host (or port, or scheme) gets the key only when the administrator enters it again: a changed URL
        // must never carry the stored key to a new place
        boolean hostChanged = r.baseUrl != null && !baseUrl.isEmpty() && !OutboundUrl.sameAuthority(r.baseUrl, baseUrl);
        r.provider = provider;
        r.baseUrl = baseUrl.isEmpty() ? null : baseUrl;
        r.model = model.isEmpty() ? null : model;
        r.timeoutMs = timeout;
        boolean keyChanged = false;
        if (Boolean.TRUE.equals(in.clearApiKey()) || hostChanged && (in.apiKey() == null || in.apiKey().isBlank())) {
            keyChanged = r.apiKeyEncrypted != null;
            r.apiKeyEncrypted = null;
        } else if (in.apiKey() != null && !in.apiKey().isBlank()) {
            if (in.apiKey().length() > 1000) {
                throw ProblemException.badRequest("invalid-llm-settings", "APIキーが長すぎます", "apiKey too long");
            }
            r.apiKeyEncrypted = box().seal(in.apiKey().strip(), city.id().toString());
            keyChanged = true;
        }
        r.updatedAt = OffsetDateTime.now();
        r.updatedBy = identity.username() == null ? "system" : identity.username();
        if (isNew) {
            em.persist(r);
        }
        em.flush();
        audit.record("llm.settings", "llm_settings", LlmSettingsRow.ID, Map.of("provider", provider,
                "model", model, "apiKeyChanged", keyChanged));
        return view(r);
    }

    /** Stores the default (no model) for a city that has no row yet. */
    @Transactional
    public void initialise() {
        tenant.city();
        if (existing().isEmpty()) {
            LlmSettingsRow r = new LlmSettingsRow();
            r.provider = NONE;
            r.timeoutMs = 8000;
            r.updatedAt = OffsetDateTime.now();
            r.updatedBy = "system";
            em.persist(r);
            em.flush();
        }
    }

    /**
     * The connection the concierge uses for the current city, with the decrypted key; empty when the city uses no
     * model or the key cannot be decrypted (then the concierge answers from the knowledge base only).
     */
    @Transactional
    public Optional<LlmSettings> active() {
        City city = tenant.city();
        Optional<LlmSettingsRow> r = existing();
        if (r.isEmpty() || !OPENAI.equals(r.get().provider) || r.get().baseUrl == null || r.get().model == null) {
            return Optional.empty();
        }
        String refused = OutboundUrl.refusal(r.get().baseUrl);
        if (refused != null) {
            // checked again at each use: the name may resolve elsewhere now (DNS rebinding), or the operator's
            // allow-list changed; the key is not sent
            java.util.logging.Logger.getLogger(LlmSettingsService.class.getName()).warning(
                    "[kyodo] the model URL of " + city.code() + " is refused now (" + refused + "); answering without the model");
            return Optional.empty();
        }
        String key = "";
        if (r.get().apiKeyEncrypted != null) {
            try {
                key = box().open(r.get().apiKeyEncrypted, city.id().toString());
            } catch (RuntimeException e) {
                java.util.logging.Logger.getLogger(LlmSettingsService.class.getName()).warning(
                        "[kyodo] the LLM API key of " + city.code() + " cannot be decrypted (secrets key changed?); "
                                + "answering without the model");
                return Optional.empty();
            }
        }
        return Optional.of(new LlmSettings(r.get().baseUrl, key, r.get().model,
                Duration.ofMillis(r.get().timeoutMs), 0.0, 600));
    }

    private SecretBox box() {
        String k = config.getOptionalValue("kyodo.secrets.key", String.class).orElse("");
        if (k.isBlank()) {
            throw new ProblemException(503, "no-secrets-key", "APIキーを保存できません", "Secrets key not configured",
                    "サーバーに暗号鍵（KYODO_SECRETS_KEY）が設定されていません。運用者に連絡してください。");
        }
        return new SecretBox(k);
    }

    private Optional<LlmSettingsRow> existing() {
        return Optional.ofNullable(em.find(LlmSettingsRow.class, LlmSettingsRow.ID));
    }

    private LlmSettingsRow row() {
        return existing().orElseGet(() -> {
            LlmSettingsRow n = new LlmSettingsRow();
            n.provider = NONE;
            n.timeoutMs = 8000;
            return n;
        });
    }

    private static LlmSettingsView view(LlmSettingsRow r) {
        return new LlmSettingsView(r.provider, r.baseUrl == null ? "" : r.baseUrl, r.model == null ? "" : r.model,
                r.apiKeyEncrypted == null ? "not set" : "set", r.timeoutMs, r.updatedAt, r.updatedBy);
    }

    private static boolean validUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
