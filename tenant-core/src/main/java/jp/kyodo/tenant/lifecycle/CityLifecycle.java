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
import jp.kyodo.tenant.identity.KeycloakAdmin;
import jp.kyodo.tenant.identity.Member;
import jp.kyodo.tenant.internal.CityRow;
import jp.kyodo.tenant.lifecycle.internal.CityDataTransfer;
import jp.kyodo.tenant.lifecycle.internal.CityStore;
import jp.kyodo.tenant.problem.Checks;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.settings.CitySettings;
import jp.kyodo.tenant.settings.CitySettingsService;

/**
 * Onboards, suspends, resumes, exports, imports and deletes cities (the vendor's operations).
 *
 * <p>Creating a city touches two systems, PostgreSQL and Keycloak, which share no transaction.
 * The city row is written first as PROVISIONING; each later step is idempotent (it finds before it
 * creates); if any step fails, everything of that city is removed again (the Keycloak
 * organization and its first administrator, then the row), so a failed create leaves nothing and a
 * repeated create either finds the ACTIVE city unchanged or starts clean.
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

    private final SecureRandom random = new SecureRandom();

    public List<CityView> list() {
        return store.all().stream().map(r -> view(r, false, null, null)).toList();
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
        if (request.portalHost() != null && directory.byPortalHost(request.portalHost())
                .filter(c -> !c.code().equals(code)).isPresent()) {
            throw ProblemException.conflict("portal-host-taken", "そのホスト名は他の自治体が使っています",
                    "that portal host belongs to another city");
        }
        CityRow row;
        try {
            row = current.isPresent() ? store.reprovision(code, request.portalHost())
                    : store.insertProvisioning(m, request.portalHost());
        } catch (RuntimeException e) {
            // another request inserted the same code at the same moment: answer with what it made
            return store.find(code).map(r -> view(r, false, adminUsername, null)).orElseThrow(() -> e);
        }
        String password = request.adminPassword() != null ? request.adminPassword() : generatePassword();
        boolean temporary = request.adminPassword() == null;
        try {
            String orgId = keycloak.ensureOrganization(code, m.prefecture() + m.name(),
                    jp.kyodo.tenant.identity.SignInBranding.attributes(code, CitySettings.defaults(m.name())));
            store.setOrganization(code, orgId);
            KeycloakAdmin.User admin = keycloak.findUser(adminUsername).orElse(null);
            if (admin == null) {
                String id = keycloak.createUser(adminUsername, request.adminEmail(), "管理者", m.name(), password, temporary);
                admin = new KeycloakAdmin.User(id, adminUsername, request.adminEmail(), "管理者", m.name());
            } else {
                password = null; // an existing account keeps its password
            }
            keycloak.assignRealmRole(admin.id(), "city-admin");
            keycloak.addMember(orgId, admin.id());
            City city = row.toCity();
            KeycloakAdmin.User firstAdmin = admin;
            tenant.runAs(city, () -> {
                firstSteps.initialise(CitySettings.defaults(m.name()), firstAdmin);
                return null;
            });
            CityRow active = store.setStatus(code, CityStatus.ACTIVE);
            store.event(identity.username(), "city.create", code, Map.of("admin", adminUsername));
            fireQuietly(new CityEvent(CityEvent.Kind.CREATED, active.toCity()));
            return view(active, true, adminUsername, temporary ? password : null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[kyodo] creating city " + code + " failed; undoing", e);
            undoProvisioning(code, adminUsername);
            throw e;
        }
    }

    private void undoProvisioning(String code, String adminUsername) {
        try {
            keycloak.findUser(adminUsername).ifPresent(u -> keycloak.deleteUser(u.id()));
            keycloak.findOrganization(code).ifPresent(keycloak::deleteOrganization);
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
        return view(changed, false, null, null);
    }

    public CityView resume(String code) {
        CityRow row = existing(code);
        if (row.status != CityStatus.SUSPENDED && row.status != CityStatus.ACTIVE) {
            throw ProblemException.conflict("city-not-suspended", "この自治体は再開できません", "city is " + row.status);
        }
        CityRow changed = store.setStatus(code, CityStatus.ACTIVE);
        store.event(identity.username(), "city.resume", code, Map.of());
        return view(changed, false, null, null);
    }

    /** All data of a city as one JSON document (format documented in docs/city-export-format.md). */
    public JsonObject export(String code) {
        CityRow row = existing(code);
        City city = row.toCity();
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
     * Loads an export into a city that holds nothing but what onboarding created. All rows commit
     * together or not at all; accounts missing in Keycloak are created without a password (the
     * person sets one through "forgot password").
     */
    public Map<String, Object> importInto(String code, JsonObject document) {
        if (document == null || !EXPORT_FORMAT.equals(document.getString("format", null))
                || document.get("tables") == null || document.get("tables").getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("import-format", "取り込むファイルの形式が " + EXPORT_FORMAT + " ではありません",
                    "the document is not a " + EXPORT_FORMAT + " export");
        }
        CityRow row = existing(code);
        if (row.status != CityStatus.ACTIVE) {
            throw ProblemException.conflict("city-not-active", "稼働中の自治体にのみ取り込めます", "city is " + row.status);
        }
        City city = row.toCity();
        Map<String, Long> counts = tenant.runAs(city, transfer::rowCounts);
        counts.forEach((table, n) -> {
            if (n > 0 && !CityDataTransfer.ONBOARDING_TABLES.contains(table)) {
                throw ProblemException.conflict("city-not-empty", "取り込み先の自治体にデータがあります（" + table + "）",
                        "the target city already has data in " + table);
            }
        });
        JsonObject tables = document.getJsonObject("tables");
        List<String> usernames = tables.containsKey("city_member") ? tables.getJsonArray("city_member").stream()
                .map(v -> v.asJsonObject().getString("username", "")).toList() : List.of();
        if (row.keycloakOrgId == null) {
            throw ProblemException.conflict("city-not-active", "この自治体の認証設定がありません", "the city has no organization");
        }
        // accounts first (found or created), then all rows in one transaction; a failure undoes the accounts made
        Map<String, String> userIds = new java.util.HashMap<>();
        List<String> createdNow = new java.util.ArrayList<>();
        int inserted;
        try {
            JsonArray accounts = document.containsKey("accounts") && !document.isNull("accounts")
                    ? document.getJsonArray("accounts") : JsonValue.EMPTY_JSON_ARRAY;
            for (JsonValue v : accounts) {
                JsonObject a = v.asJsonObject();
                String username = a.getString("username");
                if (!usernames.contains(username)) {
                    continue;
                }
                String id = keycloak.findUser(username).map(KeycloakAdmin.User::id).orElseGet(() -> {
                    String created = keycloak.createUser(username, a.isNull("email") ? null : a.getString("email", null),
                            a.getString("firstName", ""), a.getString("lastName", ""), null, false);
                    createdNow.add(created);
                    return created;
                });
                keycloak.addMember(row.keycloakOrgId, id);
                userIds.put(username, id);
            }
            JsonObject remapped = CityDataTransfer.remapMembers(tables, userIds);
            inserted = tenant.runAs(city, () -> transfer.importTables(remapped));
            for (JsonValue v : remapped.containsKey("city_member") ? remapped.getJsonArray("city_member")
                    : JsonValue.EMPTY_JSON_ARRAY) {
                JsonObject m = v.asJsonObject();
                if (userIds.containsKey(m.getString("username"))) {
                    keycloak.assignRealmRole(userIds.get(m.getString("username")), m.getString("role"));
                }
            }
        } catch (RuntimeException e) {
            createdNow.forEach(keycloak::deleteUser);
            throw e;
        }
        store.event(identity.username(), "city.import", code, Map.of("rows", String.valueOf(inserted)));
        return Map.of("code", code, "rowsImported", inserted, "accounts", userIds.size());
    }

    /**
     * Deletes a city for good: only after an export, and only when the caller repeats the code.
     * Its rows are purged, its Keycloak organization and the accounts that belong to no other city
     * are removed; the registry keeps the code as DELETED.
     */
    public void delete(String code, String confirm) {
        CityRow row = existing(code);
        if (!code.equals(confirm)) {
            throw ProblemException.badRequest("delete-confirm", "確認のため confirm に自治体コードを指定してください",
                    "repeat the city code in the confirm parameter");
        }
        if (row.lastExportedAt == null || row.lastExportedAt.isBefore(java.time.OffsetDateTime.now().minusHours(24))) {
            throw ProblemException.conflict("export-first", "削除の前に24時間以内のデータ書き出し（エクスポート）が必要です",
                    "export the city's data (within the last 24 hours) before deleting it");
        }
        List<Member> accounts = tenant.runAs(row.toCity(), members::list);
        store.setStatus(code, CityStatus.DELETED);
        firstSteps.purge(row.id);
        if (row.keycloakOrgId != null) {
            for (Member m : accounts) {
                // an account that also belongs to another city stays; it only leaves this city's organization
                keycloak.findUser(m.username()).filter(u -> keycloak.organizationsOf(u.id()).stream()
                        .allMatch(row.keycloakOrgId::equals)).ifPresent(u -> keycloak.deleteUser(u.id()));
            }
            keycloak.deleteOrganization(row.keycloakOrgId);
        }
        store.event(identity.username(), "city.delete", code, Map.of("accounts", String.valueOf(accounts.size())));
        fireQuietly(new CityEvent(CityEvent.Kind.DELETED, row.toCity()));
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

        @Transactional(Transactional.TxType.REQUIRES_NEW)
        public void purge(java.util.UUID cityId) {
            em.createNativeQuery("SELECT kyodo_purge_city(?)").setParameter(1, cityId).getSingleResult();
        }
    }

}
