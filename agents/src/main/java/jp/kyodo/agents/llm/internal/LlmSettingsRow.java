package jp.kyodo.agents.llm.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The bound city's model connection (one row, id {@code default}); the API key only encrypted. */
@Entity
@Table(name = "llm_settings")
public class LlmSettingsRow {
    public static final String ID = "default";
    @Id
    public String id = ID;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public String provider;
    @Column(name = "base_url")
    public String baseUrl;
    public String model;
    @Column(name = "api_key_encrypted")
    public byte[] apiKeyEncrypted;
    @Column(name = "timeout_ms")
    public int timeoutMs;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
