package jp.kyodo.tenant.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.CityDirectory;
import jp.kyodo.tenant.CityStatus;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.identity.KeycloakAdmin;
import jp.kyodo.tenant.internal.CityRow;
import jp.kyodo.tenant.lifecycle.internal.CityDataTransfer;
import jp.kyodo.tenant.lifecycle.internal.CityStore;
import jp.kyodo.tenant.lifecycle.internal.ImportedAccount;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;

/**
 * Onboards, suspends, resumes, exports, imports and deletes cities (the vendor's operations).
 *
 * <p>Creating a city touches two systems, PostgreSQL and Keycloak, which share no transaction.
 * The city row is written first as PROVISIONING; each later step is idempotent (it finds before it
 * creates); if any step fails, what this attempt created is removed again (the Keycloak
 * organization and first administrator it made, then the row), so a failed create leaves nothing and a
 * repeated create either finds the ACTIVE city unchanged or starts clean. Onboarding never adopts an
 * existing account: a first administrator name that exists is refused (409) before anything is created.
 */
@ApplicationScoped
public class CityLifecycle {

    private static final Logger LOG = Logger.getLogger(CityLifecycle.class.getName());
    public static final String EXPORT_FORMAT = "kyodo-city-export/1";

    @Inject
    CityStore store;
    @Inject
    CityDirectory directory;
    @Inject
    KeycloakAdmin keycloak;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    CitySettingsService settings;
    @Inject
    CityMembers members;
    @Inject
    CityDataTransfer transfer;
    @Inject
    FirstSteps firstSteps;
    @Inject
    jakarta.enterprise.event.Event<CityEvent> cityEvents;
    @Inject
    jp.kyodo.tenant.lifecycle.internal.CityPurge purge;

    private final SecureRandom random = new SecureRandom();

    public List<CityView> list() {
        return store.all().stream().map(r -> view(r, false, null, null)).toList();
    }

    /** The registry's state of a code (any state, PROVISIONING and DELETED too), empty when it was never onboarded. */
    public Optional<CityStatus> state(String code) {
        return store.find(code).map(r -> r.status);
    }

    public CityView get(String code) {
        return view(existing(code), false, null, null);
    }

    /** Creates the city, or returns it unchanged when it already exists (created = false). */
    public CityView create(CreateCity request) {
        Checks.valid(request);
        String code = request.code();
        if (!MunicipalityCatalogue.isWellFormed(code)) {
            throw ProblemException.badRequest("invalid-city-code",
                    "自治体コード " + code + " の検査数字が正しくありません",
                    "local-government code " + code + " fails its check digit");
        }
        Municipality m = MunicipalityCatalogue.get().find(code).orElseThrow(() -> new ProblemException(404,
                "unknown-city-code", "自治体コードが見つかりません", "Unknown local-government code",
                "コード " + code + " は全国地方公共団体コードの一覧にありません。 " + code + " is not in the catalogue."));
        String adminUsername = request.adminUsername() != null ? request.adminUsername() : "admin-" + code;

        Optional<CityRow> current = store.find(code);
        if (current.isPresent() && current.get().status != CityStatus.DELETED
                && current.get().status != CityStatus.PROVISIONING) {
            return view(current.get(), false, adminUsername, null);
        }
        if (CityRoles.isReserved(adminUsername) && !adminUsername.equalsIgnoreCase("admin-" + code)) {
            throw ProblemException.conflict("reserved-username", "admin-<自治体コード> の名前はその自治体の開設にのみ使えます",
                    "admin-<code> names are reserved for onboarding that city");
        }
        if (request.portalHost() != null && directory.byPortalHost(request.portalHost())
                .filter(c -> !c.code().equals(code)).isPresent()) {
            throw ProblemException.conflict("portal-host-taken", "そのホスト名は他の自治体が使っています",
                    "that portal host belongs to another city");
        }
        // onboarding never adopts an account: the first administrator is always a new one
        if (keycloak.findUser(adminUsername).isPresent()) {
            throw ProblemException.conflict("admin-exists", "ユーザー名 " + adminUsername + " は既に使われています。"
                    + "別の名前を指定してください（既存のアカウントを管理者にすることはできません）",
                    "the user name " + adminUsername + " exists; onboarding creates a new first administrator only");
        }
        Optional<String> existingOrg = keycloak.findOrganization(code);
        if (existingOrg.isPresent() && !keycloak.members(existingOrg.get()).isEmpty()) {
            throw ProblemException.conflict("organization-exists", "この自治体の認証組織に既に利用者がいます",
                    "the city's Keycloak organization already has members; it is not taken over");
        }
        if (current.isPresent() && current.get().status == CityStatus.DELETED) {
            // whatever was written under the deleted city's id after its purge (a background job that had listed it
            // before) goes now: the old row cannot be replaced while anything still refers to it
            firstSteps.purge(current.get().id);
        }
        CityRow row;
        try {
            row = current.isPresent() ? store.reprovision(code, request.portalHost())
                    : store.insertProvisioning(m, request.portalHost());
        } catch (RuntimeException e) {
            // another request inserted the same code at the same moment: answer with what it made — but only a city
            // that exists; any other failure (the old row still referenced, the database unavailable) is an error,
            // never a 200 for a city that was not made
            return store.find(code).filter(r -> r.status == CityStatus.ACTIVE || r.status == CityStatus.SUSPENDED)
                    .map(r -> view(r, false, adminUsername, null)).orElseThrow(() -> e);
        }
        String password = request.adminPassword() != null ? request.adminPassword() : generatePassword();
        boolean temporary = request.adminPassword() == null;
        Created made = new Created();
        try {
            String orgId = keycloak.ensureOrganization(code, m.prefecture() + m.name(),
                    jp.kyodo.tenant.identity.SignInBranding.attributes(code, CitySettings.defaults(m.name())));
            made.organization = existingOrg.isPresent() ? null : orgId;
            store.setOrganization(code, orgId);
            // a name taken between the check above and here is refused by Keycloak (409): nothing is adopted
            String id = keycloak.createUser(adminUsername, request.adminEmail(), "管理者", m.name(), password, temporary);
            made.user = id;
            if (!jp.kyodo.tenant.DevMode.on()) {
                // staff and administrators sign in with a second factor in production (see CityRoles)
                keycloak.requireAction(id, "CONFIGURE_TOTP");
            }
            KeycloakAdmin.User admin = new KeycloakAdmin.User(id, adminUsername, request.adminEmail(), "管理者", m.name());
            keycloak.addMember(orgId, admin.id());
            City city = row.toCity();
            tenant.runAs(city, () -> {
                firstSteps.initialise(CitySettings.defaults(m.name()), admin);
                return null;
            });
            CityRow active = store.setStatus(code, CityStatus.ACTIVE);
            store.event(identity.username(), "city.create", code, Map.of("admin", adminUsername));
            fireQuietly(new CityEvent(CityEvent.Kind.CREATED, active.toCity()));
            return view(active, true, adminUsername, temporary ? password : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] creating city " + code + " failed; undoing", e);
            undoProvisioning(code, made);
            throw e;
        }
    }

    /** What one onboarding attempt created in Keycloak, so that undoing it removes that and nothing else. */
    private static final class Created {
        String user;
        String organization;
    }

    private void undoProvisioning(String code, Created made) {
        try {
            if (made.user != null) {
                keycloak.deleteUser(made.user);
            }
            if (made.organization != null) {
                keycloak.deleteOrganization(made.organization);
            }
        } catch (RuntimeException cleanup) {
            LOG.log(Level.SEVERE, "[kyodo] could not undo Keycloak part of city " + code, cleanup);
        }
        try {
            CityRow row = store.find(code).orElse(null);
            if (row != null && row.status == CityStatus.PROVISIONING) {
                store.setStatus(code, CityStatus.DELETED);
                firstSteps.purge(row.id);
                store.deleteRow(code);
            }
        } catch (RuntimeException cleanup) {
            LOG.log(Level.SEVERE, "[kyodo] could not undo database part of city " + code, cleanup);
        }
    }

    public CityView suspend(String code) {
        CityRow row = existing(code);
        if (row.status != CityStatus.ACTIVE && row.status != CityStatus.SUSPENDED) {
            throw ProblemException.conflict("city-not-active", "この自治体は停止できません", "city is " + row.status);
        }
        CityRow changed = store.setStatus(code, CityStatus.SUSPENDED);
        store.event(identity.username(), "city.suspend", code, Map.of());
        vendorAudit(changed, "city.suspend", Map.of());
        return view(changed, false, null, null);
    }

    public CityView resume(String code) {
        CityRow row = existing(code);
        if (row.status != CityStatus.SUSPENDED && row.status != CityStatus.ACTIVE) {
            throw ProblemException.conflict("city-not-suspended", "この自治体は再開できません", "city is " + row.status);
        }
        CityRow changed = store.setStatus(code, CityStatus.ACTIVE);
        store.event(identity.username(), "city.resume", code, Map.of());
        vendorAudit(changed, "city.resume", Map.of());
        return view(changed, false, null, null);
    }

    /** All data of a city as one JSON document (format documented in docs/city-export-format.md). */
    public JsonObject export(String code) {
        CityRow row = existing(code);
        if (row.status == CityStatus.DELETING) {
            throw ProblemException.conflict("city-deleting", "この自治体は削除中です", "the city is being deleted");
        }
        City city = row.toCity();
        // the city's own audit trail says that its data left (written first, so the export carries the line too)
        vendorAudit(row, "city.export", Map.of());
        JsonObject tables = tenant.runAs(city, transfer::exportTables);
        JsonArrayBuilder accounts = Json.createArrayBuilder();
        if (row.keycloakOrgId != null) {
            for (KeycloakAdmin.User u : keycloak.members(row.keycloakOrgId)) {
                accounts.add(Json.createObjectBuilder().add("username", u.username())
                        .add("email", u.email() == null ? JsonValue.NULL : Json.createValue(u.email()))
                        .add("firstName", u.firstName() == null ? "" : u.firstName())
                        .add("lastName", u.lastName() == null ? "" : u.lastName()));
            }
        }
        CityRow exported = store.markExported(code);
        store.event(identity.username(), "city.export", code, Map.of());
        return Json.createObjectBuilder()
                .add("format", EXPORT_FORMAT)
                .add("exportedAt", exported.lastExportedAt.toString())
                .add("city", Json.createObjectBuilder().add("code", row.code).add("name", row.name)
                        .add("nameKana", row.nameKana).add("prefecture", row.prefecture))
                .add("accounts", accounts)
                .add("tables", tables)
                .build();
    }

    /**
     * Loads an export into a city that holds nothing but what onboarding created, trusting nothing in the file
     * about identity: every member of the file gets a NEW account (without a password: the person sets one through
     * "forgot password"); a user name or e-mail address that already exists anywhere in this deployment is a clash,
     * and any clash refuses the whole import (409 with the list) before anything is written. The file's
     * {@code keycloak_user_id} values are never used, and its roles are granted as city roles of this city only.
     * Accounts, roles and rows commit together or not at all.
     */
    public Map<String, Object> importInto(String code, JsonObject document) {
        ImportCheck check = checkImport(code, document);
        CityRow row = check.row;
        City city = row.toCity();
        JsonObject tables = check.tables;
        List<ImportedAccount> wanted = check.accounts;
        // new accounts with their city role first, then all rows in one transaction; a failure removes the accounts
        Map<String, String> userIds = new java.util.HashMap<>();
        List<String> createdNow = new java.util.ArrayList<>();
        int inserted;
        try {
            for (ImportedAccount a : wanted) {
                // nothing in the file is trusted about identity, its e-mail addresses included: they are stored
                // unverified, and the person confirms theirs (Keycloak's VERIFY_EMAIL) before the account works
                String id = keycloak.createUser(a.username(), a.email(), a.firstName(), a.lastName(), null, false, false);
                createdNow.add(id);
                keycloak.addMember(row.keycloakOrgId, id);
                userIds.put(a.username(), id);
            }
            tenant.runAs(city, () -> {
                wanted.forEach(a -> members.grantCityRole(userIds.get(a.username()), a.role()));
                return null;
            });
            JsonObject remapped = CityDataTransfer.remapMembers(tables, userIds);
            inserted = tenant.runAs(city, () -> transfer.importTables(remapped));
        } catch (RuntimeException e) {
            createdNow.forEach(id -> {
                try {
                    keycloak.deleteUser(id);
                } catch (RuntimeException cleanup) {
                    LOG.log(Level.SEVERE, "[kyodo] could not remove account " + id + " of a failed import into " + code, cleanup);
                }
            });
            throw e;
        }
        store.event(identity.username(), "city.import", code, Map.of("rows", String.valueOf(inserted)));
        vendorAudit(row, "city.import", Map.of("rows", inserted, "accounts", userIds.size()));
        return Map.of("code", code, "rowsImported", inserted, "accounts", userIds.size());
    }

    /** What an import would write, once its checks passed. */
    public static final class ImportCheck {
        final CityRow row;
        final JsonObject tables;
        final List<ImportedAccount> accounts;

        ImportCheck(CityRow row, JsonObject tables, List<ImportedAccount> accounts) {
            this.row = row;
            this.tables = tables;
            this.accounts = accounts;
        }

        /** How many accounts the import would create. */
        public int accounts() {
            return accounts.size();
        }

        /** How many rows the file holds, over all its tables. */
        public int rows() {
            int n = 0;
            for (String t : tables.keySet()) {
                if (tables.get(t).getValueType() == JsonValue.ValueType.ARRAY) {
                    n += tables.getJsonArray(t).size();
                }
            }
            return n;
        }
    }

    /**
     * Every check of {@link #importInto} that comes before anything is written (the format, the target city ACTIVE
     * and holding only its onboarding data, the members, no account clash), as the import itself runs them: the
     * vendor's page shows the outcome before the import is confirmed. Throws the import's own problem when one fails.
     */
    public ImportCheck checkImport(String code, JsonObject document) {
        if (document == null || !EXPORT_FORMAT.equals(document.getString("format", null))
                || document.get("tables") == null || document.get("tables").getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("import-format", "取り込むファイルの形式が " + EXPORT_FORMAT + " ではありません",
                    "the document is not a " + EXPORT_FORMAT + " export");
        }
        CityRow row = existing(code);
        if (row.status != CityStatus.ACTIVE) {
            throw ProblemException.conflict("city-not-active", "稼働中の自治体にのみ取り込めます", "city is " + row.status);
        }
        if (row.keycloakOrgId == null) {
            throw ProblemException.conflict("city-not-active", "この自治体の認証設定がありません", "the city has no organization");
        }
        City city = row.toCity();
        Map<String, Long> counts = tenant.runAs(city, transfer::rowCounts);
        counts.forEach((table, n) -> {
            if (n > 0 && !CityDataTransfer.ONBOARDING_TABLES.contains(table) && !"audit_event".equals(table)) {
                throw ProblemException.conflict("city-not-empty", "取り込み先の自治体にデータがあります（" + table + "）",
                        "the target city already has data in " + table);
            }
        });
        JsonObject tables = document.getJsonObject("tables");
        List<ImportedAccount> wanted = ImportedAccount.read(document, tables);
        List<String> clashes = clashes(wanted);
        if (!clashes.isEmpty()) {
            throw new ProblemException(409, "import-account-clash", "取り込むアカウントが既に存在します",
                    "Accounts of the import already exist", "既存のアカウントと重なるため何も取り込んでいません: "
                    + String.join(", ", clashes) + " / nothing was imported: these accounts already exist in this deployment",
                    Map.of("clashes", clashes));
        }
        return new ImportCheck(row, tables, wanted);
    }

    /** The user names (and e-mail addresses) of the file that exist anywhere in this deployment. */
    private List<String> clashes(List<ImportedAccount> wanted) {
        List<String> clashes = new java.util.ArrayList<>();
        for (ImportedAccount a : wanted) {
            if (keycloak.findUser(a.username()).isPresent()) {
                clashes.add(a.username());
            } else if (a.email() != null && keycloak.findUserByEmail(a.email()).isPresent()) {
                clashes.add(a.username() + " <" + a.email() + ">");
            }
        }
        return clashes;
    }

    /**
     * Asks for a city's deletion: only after an export (within 24 hours), and only when the caller repeats the code.
     * Nothing is deleted yet and the city keeps running; its own audit trail shows the request. A second vendor
     * account approves it ({@link #approveDeletion}), or either cancels it. The same request twice changes nothing.
     */
    public CityDeletion delete(String code, String confirm) {
        CityRow row = existing(code);
        if (!code.equals(confirm)) {
            throw ProblemException.badRequest("delete-confirm", "確認のため confirm に自治体コードを指定してください",
                    "repeat the city code in the confirm parameter");
        }
        if (row.status == CityStatus.DELETING || row.deletionRequestedBy != null) {
            return CityDeletion.of(row);
        }
        requireRecentExport(row);
        CityRow requested = store.requestDeletion(code, identity.username(), identity.subject());
        store.event(identity.username(), "city.delete.requested", code, Map.of());
        vendorAudit(requested, "city.deletion-requested", Map.of());
        return CityDeletion.of(requested);
    }

    /**
     * A second vendor approves the requested deletion: the city becomes DELETING (nothing of it is served any more)
     * and its purge starts; what fails is retried by {@link jp.kyodo.tenant.lifecycle.internal.CityPurgeJob} until
     * done. Approving a city already DELETING runs its purge again now.
     */
    public CityDeletion approveDeletion(String code) {
        CityRow row = existing(code);
        if (row.status != CityStatus.DELETING) {
            if (row.deletionRequestedBy == null) {
                throw ProblemException.conflict("no-deletion-request", "この自治体の削除は依頼されていません",
                        "no deletion of this city was requested");
            }
            if (sameVendor(row, identity.subject(), identity.username())) {
                throw ProblemException.forbidden("second-vendor-required",
                        "削除の承認は依頼した人とは別の事業者アカウントが行います",
                        "a deletion is approved by a vendor account other than the one that requested it");
            }
            requireRecentExport(row);
            store.startDeleting(code, identity.username());
            store.event(identity.username(), "city.delete.approved", code, Map.of("requestedBy", row.deletionRequestedBy));
        }
        purge.run(code);
        return store.find(code).map(CityDeletion::of).orElseThrow();
    }

    /**
     * Whether the approver is the vendor who asked: the same Keycloak subject (a renamed account is the same person),
     * or the same user name (an account deleted and made again under the requester's name does not count as a second
     * person either). A caller without a subject is never a second vendor.
     */
    static boolean sameVendor(CityRow row, String subject, String username) {
        if (subject == null || subject.isBlank()) {
            return true;
        }
        return subject.equals(row.deletionRequestedBySubject) || row.deletionRequestedBy.equalsIgnoreCase(username);
    }

    /** Withdraws a deletion request (either vendor); refused once the purge has started. */
    public CityDeletion cancelDeletion(String code) {
        CityRow row = existing(code);
        if (row.status == CityStatus.DELETING) {
            throw ProblemException.conflict("deletion-underway", "削除は既に承認され、実行中です", "the deletion is already under way");
        }
        if (row.deletionRequestedBy == null) {
            return CityDeletion.of(row);
        }
        CityRow cancelled = store.cancelDeletion(code);
        store.event(identity.username(), "city.delete.cancelled", code, Map.of());
        vendorAudit(cancelled, "city.deletion-cancelled", Map.of("requestedBy", row.deletionRequestedBy));
        return CityDeletion.of(cancelled);
    }

    /** Where the deletion of a city stands (also for a city already DELETED). */
    public CityDeletion deletion(String code) {
        return store.find(code).filter(r -> r.status != CityStatus.PROVISIONING).map(CityDeletion::of)
                .orElseThrow(() -> ProblemException.notFound("city " + code));
    }

    private static void requireRecentExport(CityRow row) {
        if (row.lastExportedAt == null || row.lastExportedAt.isBefore(java.time.OffsetDateTime.now().minusHours(24))) {
            throw ProblemException.conflict("export-first", "削除の前に24時間以内のデータ書き出し（エクスポート）が必要です",
                    "export the city's data (within the last 24 hours) before deleting it");
        }
    }

    /** A vendor's action on the city, written into the city's own audit trail, which its city admin reads. */
    private void vendorAudit(CityRow row, String action, Map<String, ?> detail) {
        tenant.runAs(row.toCity(), () -> {
            firstSteps.audit(action, row.code, detail);
            return null;
        });
    }
    /** Lets the modules react; the city's state is already decided, so their failures are only logged. */
    private void fireQuietly(CityEvent e) {
        try {
            cityEvents.fire(e);
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "[kyodo] an observer of " + e.kind() + " " + e.city().code() + " failed", failure);
        }
    }

    private CityRow existing(String code) {
        return store.find(code).filter(r -> r.status != CityStatus.DELETED && r.status != CityStatus.PROVISIONING)
                .orElseThrow(() -> ProblemException.notFound("city " + code));
    }

    private CityView view(CityRow r, boolean created, String admin, String password) {
        return new CityView(r.code, r.name, r.nameKana, r.prefecture, r.status.name(), r.portalHost, r.createdAt,
                r.lastExportedAt, created, admin, password);
    }

    private String generatePassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The database side of onboarding and deletion, each in its own transaction under the bound city. */
    @ApplicationScoped
    public static class FirstSteps {
        @Inject
        CitySettingsService settings;
        @Inject
        CityMembers members;
        @jakarta.persistence.PersistenceContext(unitName = "kyodo")
        jakarta.persistence.EntityManager em;

        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void initialise(CitySettings defaults, KeycloakAdmin.User admin) {
            settings.initialise(defaults);
            // the create itself is recorded in the platform's events, so a new city's audit trail starts empty
            members.adopt(admin, "city-admin");
        }

        @Inject
        jp.kyodo.tenant.audit.AuditLog audit;

        /**
         * Removes every tenant row of a city marked DELETING or DELETED, all in one transaction; returns how many. A
         * lock held elsewhere makes it fail after a few seconds instead of hanging: the purge is then retried.
         */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public int purge(java.util.UUID cityId) {
            em.createNativeQuery("SELECT set_config('lock_timeout', '5s', true)").getSingleResult();
            Object n = em.createNativeQuery("SELECT kyodo_purge_city(?)").setParameter(1, cityId).getSingleResult();
            return n instanceof Number number ? number.intValue() : 0;
        }

        /** One line in the bound city's audit trail for a vendor's action on the city itself. */
        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void audit(String action, String code, Map<String, ?> detail) {
            audit.record(action, "city", code, detail);
        }
    }

}
