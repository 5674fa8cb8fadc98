package jp.kyodo.tenant.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.identity.internal.MemberRow;
import jp.kyodo.tenant.internal.CityRow;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The accounts of the current city: each is a Keycloak user, member of the city's organization,
 * holding one realm role, and a row here. A Keycloak failure rolls the row back; a database failure
 * after the Keycloak user was created removes that user again, so neither side is left half-done.
 */
@ApplicationScoped
@Transactional
public class CityMembers {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    KeycloakAdmin keycloak;
    @Inject
    AuditLog audit;

    public List<Member> list() {
        tenant.city();
        return em.createQuery("select m from MemberRow m order by m.createdAt, m.username", MemberRow.class)
                .getResultStream().map(MemberRow::toMember).toList();
    }

    public Member get(UUID id) {
        tenant.city();
        MemberRow row = em.find(MemberRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("member");
        }
        audit.recordPersonalDataRead("city_member", id.toString(), "member administration");
        return row.toMember();
    }

    /** Opens an account in the current city. A username taken anywhere in the realm is refused (409). */
    public Member add(NewMember m) {
        Checks.valid(m);
        City city = tenant.city();
        CityRow registered = em.find(CityRow.class, city.id());
        String orgId = registered.keycloakOrgId != null ? registered.keycloakOrgId : keycloak.findOrganization(city.code())
                .orElseThrow(() -> new IdentityProviderException("no organization for city " + city.code(), 404, null));
        String userId = keycloak.createUser(m.username(), m.email(), m.givenName(), m.familyName(), m.password(),
                m.temporaryPassword() == null || m.temporaryPassword());
        try {
            keycloak.assignRealmRole(userId, m.role());
            keycloak.addMember(orgId, userId);
            MemberRow row = new MemberRow();
            row.id = UUID.randomUUID();
            row.keycloakUserId = userId;
            row.username = m.username();
            row.displayName = m.familyName() + " " + m.givenName();
            row.email = m.email();
            row.role = m.role();
            em.persist(row);
            em.flush();
            audit.record("member.create", "city_member", row.id.toString(), Map.of("role", m.role()));
            return row.toMember();
        } catch (RuntimeException e) {
            keycloak.deleteUser(userId);
            throw e;
        }
    }

    /** Records an existing Keycloak user (the onboarding admin) as a member row, if not yet there. */
    public Member adopt(KeycloakAdmin.User user, String role) {
        tenant.city();
        var existing = em.createQuery("select m from MemberRow m where m.username = :u", MemberRow.class)
                .setParameter("u", user.username()).getResultStream().findFirst();
        if (existing.isPresent()) {
            return existing.get().toMember();
        }
        MemberRow row = new MemberRow();
        row.id = UUID.randomUUID();
        row.keycloakUserId = user.id();
        row.username = user.username();
        row.displayName = ((user.lastName() == null ? "" : user.lastName()) + " "
                + (user.firstName() == null ? "" : user.firstName())).strip();
        row.email = user.email();
        row.role = role;
        em.persist(row);
        return row.toMember();
    }

    public void remove(UUID id) {
        tenant.city();
        MemberRow row = em.find(MemberRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("member");
        }
        em.remove(row);
        em.flush();
        audit.record("member.delete", "city_member", id.toString(), Map.of("role", row.role));
        keycloak.deleteUser(row.keycloakUserId);
    }

}
