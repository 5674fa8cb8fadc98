package jp.kyodo.tenant.identity.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import jp.kyodo.tenant.identity.Member;

/** Storage of a city member (the account itself lives in Keycloak). */
@Entity
@Table(name = "city_member")
public class MemberRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    @Column(name = "keycloak_user_id")
    public String keycloakUserId;
    public String username;
    @Column(name = "display_name")
    public String displayName;
    public String email;
    public String role;
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    public Member toMember() {
        return new Member(id, username, displayName, email, role, createdAt);
    }
}
