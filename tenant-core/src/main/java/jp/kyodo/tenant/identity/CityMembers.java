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
 * The accounts of the current city: each is a Keycloak user, member of the city's organization, and a row here
 * holding the person's one role <em>in this city</em> (see {@link CityRoles}; city roles are not Keycloak realm
 * roles, so a role in one city gives nothing in another). A Keycloak failure rolls the row back; a database failure
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

    /**
     * Checks the role an import gives an account in the current city and does what holding it needs in Keycloak:
     * only the four city roles are accepted (a platform role named in an import file is refused). The role itself
     * is the {@code role} of the person's {@code city_member} row in this city (written by the import), which the
     * filters read per request ({@link CityRoles}); a staff-side role outside dev mode also requires an
     * authenticator app at the next sign-in.
     */
    public void grantCityRole(String keycloakUserId, String role) {
        tenant.city();
        if (!CityRoles.CITY_ROLES.contains(role)) {
            throw ProblemException.badRequest("unknown-role", "市町村の役割ではありません: " + role, "not a city role: " + role);
        }
        secondFactorFor(keycloakUserId, role);
    }

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

    /**
     * The immutable Keycloak subject id of the current city's member who holds this user name now, if any. Personal
     * data is kept under the subject, never under the name (a closed account's name may be taken by a new person), so
     * a name typed by staff is turned into the subject of the person who has it today.
     */
    public java.util.Optional<String> subjectOf(String username) {
        tenant.city();
        if (username == null || username.isBlank()) {
            return java.util.Optional.empty();
        }
        return em.createQuery("select m.keycloakUserId from MemberRow m where m.username = :u", String.class)
                .setParameter("u", username.strip()).getResultStream().findFirst();
    }

    /**
     * What to show for a person who did something in this city (took a case, asked for a hand-over) but is no longer
     * one of its members: their account was closed, and the user name they had may now belong to somebody else.
     */
    public static final String FORMER_MEMBER = "（退会したアカウント）";

    /**
     * The display names of the current city's members with these immutable Keycloak subject ids (a subject that is no
     * longer a member has no entry). Rows that belong to a person keep the subject; this is how a page or an API shows
     * who it is, without the user name, which a later account may hold.
     */
    public Map<String, String> displayNames(java.util.Collection<String> subjects) {
        tenant.city();
        List<String> wanted = subjects == null ? List.of()
                : subjects.stream().filter(s -> s != null && !s.isBlank()).distinct().toList();
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        em.createQuery("select m.keycloakUserId, m.displayName from MemberRow m where m.keycloakUserId in :s", Object[].class)
                .setParameter("s", wanted).getResultStream().forEach(r -> out.put((String) r[0], (String) r[1]));
        return out;
    }

    /** What to show for the person with this subject id: their display name, or {@link #FORMER_MEMBER}. */
    public String displayName(String subject) {
        return displayNames(subject == null ? List.of() : List.of(subject)).getOrDefault(subject, FORMER_MEMBER);
    }

    /** Opens an account in the current city. A username taken anywhere in the realm is refused (409). */
    public Member add(NewMember m) {
        Checks.valid(m);
        if (CityRoles.isReserved(m.username())) {
            throw ProblemException.conflict("reserved-username", "admin-<自治体コード> の形のユーザー名は自治体の開設用に予約されています",
                    "user names of the form admin-<code> are reserved for onboarding a city");
        }
        String orgId = organizationId();
        String userId = keycloak.createUser(m.username(), m.email(), m.givenName(), m.familyName(), m.password(),
                m.temporaryPassword() == null || m.temporaryPassword());
        try {
            keycloak.addMember(orgId, userId);
            secondFactorFor(userId, m.role());
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

    /**
     * A business user who signed in with GビズID at this city's portal joins this city, and this city only: their
     * Keycloak account becomes a member of the city's organization and gets a {@code city_member} row with the role
     * {@code citizen} (a business uses the citizen pages: inquiries, applications, notices). Only an account that
     * Keycloak created from a GビズID sign-in may join this way (its only link is the identity provider
     * {@code identityProvider}), never a password account; an account that is already a member is answered as it is.
     * Other cities are untouched: joining B is a separate, explicit step at B's portal.
     */
    public Member joinAsBusiness(String subject, String identityProvider) {
        return join(subject, identityProvider, "member.join-business",
                links -> links.equals(List.of(identityProvider)), "not-a-business-account",
                "GビズIDでログインしたアカウントではありません", "not an account created by a GビズID sign-in");
    }

    /**
     * A person who signed in with their My Number card (the identity provider {@code identityProvider}) at this city's
     * portal joins this city, and this city only, as a {@code citizen}, after saying so on a form: their account (made
     * by the card sign-in, or an existing account they linked to the card with its password) becomes a member of this
     * city's organization. Only an account linked to the card may join this way; a member already is answered as is.
     */
    public Member joinWithCard(String subject, String identityProvider) {
        return join(subject, identityProvider, "member.join-card", links -> links.contains(identityProvider),
                "not-a-card-account", "マイナンバーカードでサインインしたアカウントではありません",
                "not an account linked to a My Number card");
    }

    private Member join(String subject, String identityProvider, String action,
                        java.util.function.Predicate<List<String>> allowed, String refusal, String refusalJa,
                        String refusalEn) {
        City city = tenant.city();
        var existing = em.createQuery("select m from MemberRow m where m.keycloakUserId = :s", MemberRow.class)
                .setParameter("s", subject).getResultStream().findFirst();
        if (existing.isPresent()) {
            return existing.get().toMember();
        }
        KeycloakAdmin.User user = keycloak.user(subject).orElseThrow(() -> ProblemException.notFound("member"));
        if (!allowed.test(keycloak.identityProvidersOf(subject))) {
            throw new ProblemException(403, refusal, refusalJa, refusalEn, city.code());
        }
        String orgId = organizationId();
        keycloak.addMember(orgId, subject);
        try {
            MemberRow row = new MemberRow();
            row.id = UUID.randomUUID();
            row.keycloakUserId = subject;
            row.username = user.username();
            row.displayName = ((user.lastName() == null ? "" : user.lastName()) + " "
                    + (user.firstName() == null ? "" : user.firstName())).strip();
            row.email = user.email();
            row.role = "citizen";
            em.persist(row);
            em.flush();
            audit.record(action, "city_member", row.id.toString(), Map.of("role", "citizen",
                    "identityProvider", identityProvider));
            return row.toMember();
        } catch (RuntimeException e) {
            keycloak.removeMember(orgId, subject);
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

    /**
     * Changes the person's role in this city (only here: their roles in other cities stay). Takes effect on their
     * next request, API or page, since the filters read the role per request. The city's last administrator keeps
     * the role (409 {@code last-city-admin}): a city nobody administers could only be repaired by the vendor.
     */
    public Member changeRole(UUID id, String role) {
        tenant.city();
        if (role == null || !CityRoles.CITY_ROLES.contains(role)) {
            throw ProblemException.badRequest("invalid-role", "役割は citizen, operator, staff, city-admin のいずれかです",
                    "role must be one of citizen, operator, staff, city-admin");
        }
        MemberRow row = em.find(MemberRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("member");
        }
        String before = row.role;
        // the administrators' rows are locked while counted: two administrators demoting each other at once are
        // counted one after the other, so one of them stays
        if ("city-admin".equals(before) && !"city-admin".equals(role)
                && em.createQuery("select m from MemberRow m where m.role = 'city-admin'", MemberRow.class)
                        .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultList().size() <= 1) {
            throw ProblemException.conflict("last-city-admin", "この自治体の管理者がいなくなるため、役割を変更できません",
                    "the city's last administrator keeps the role; make someone else an administrator first");
        }
        row.role = role;
        secondFactorFor(row.keycloakUserId, role);
        em.flush();
        audit.record("member.role", "city_member", id.toString(), Map.of("from", before, "to", role));
        return row.toMember();
    }

    /**
     * Closes the person's account in this city: the row goes and they leave the city's organization. The Keycloak
     * user itself is deleted only when it then belongs to no city and holds no platform role.
     */
    public void remove(UUID id) {
        tenant.city();
        MemberRow row = em.find(MemberRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("member");
        }
        String orgId = organizationId();
        em.remove(row);
        em.flush();
        audit.record("member.delete", "city_member", id.toString(), Map.of("role", row.role));
        if (!keycloak.exists(row.keycloakUserId)) {
            return; // the account was already deleted in Keycloak: only the row was left
        }
        keycloak.removeMember(orgId, row.keycloakUserId);
        if (keycloak.organizationsOf(row.keycloakUserId).isEmpty() && keycloak.realmRolesOf(row.keycloakUserId).stream()
                .noneMatch(CityRoles.PLATFORM_ROLES::contains)) {
            keycloak.deleteUser(row.keycloakUserId);
        }
    }

    /**
     * Outside dev mode, an account given a staff-side role must set up an authenticator app at its next sign-in
     * (until it has one, {@link CityRoles} does not give it the role).
     */
    void secondFactorFor(String userId, String role) {
        if (CityRoles.STAFF_ROLES.contains(role) && !jp.kyodo.tenant.DevMode.on()) {
            keycloak.requireAction(userId, "CONFIGURE_TOTP");
        }
    }

    private String organizationId() {
        City city = tenant.city();
        CityRow registered = em.find(CityRow.class, city.id());
        return registered.keycloakOrgId != null ? registered.keycloakOrgId : keycloak.findOrganization(city.code())
                .orElseThrow(() -> new IdentityProviderException("no organization for city " + city.code(), 404, null));
    }

    /**
     * Whether the member uses an authenticator app (two-step sign-in), asked from the identity provider; empty when it
     * cannot be asked right now (the members page then says so instead of failing).
     */
    public java.util.Optional<Boolean> usesTwoStepSignIn(UUID id) {
        tenant.city();
        MemberRow row = em.find(MemberRow.class, id);
        if (row == null) {
            throw ProblemException.notFound("member");
        }
        try {
            return java.util.Optional.of(!keycloak.authenticatorApps(row.keycloakUserId).isEmpty());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
