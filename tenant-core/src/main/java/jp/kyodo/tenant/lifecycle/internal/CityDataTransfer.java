package jp.kyodo.tenant.lifecycle.internal;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import jp.kyodo.tenant.TenantBinding;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Moves all rows of the bound city in and out, table by table, for every table that has a
 * {@code tenant_id} column (so tables added by any module later are covered without code here).
 * Works inside the caller's tenant (see {@code TenantContext.runAs}); the database's policies
 * decide which rows are visible and accept only the bound city on insert.
 */
@ApplicationScoped
public class CityDataTransfer {

    /** Tables holding what the onboarding itself creates; an import replaces them. */
    public static final Set<String> ONBOARDING_TABLES = Set.of("city_settings", "city_member");
    /**
     * What an import replaces: the settings (one row per city). The target's onboarding members stay (their accounts
     * exist; the import's accounts are new and never share a name with them).
     */
    static final Set<String> REPLACED_BY_IMPORT = Set.of("city_settings");

    /**
     * Not part of a city's data: messages still waiting to be sent to partner systems from this deployment. Moving
     * them would send them again from the new one (and their sequence is the database's own).
     */
    static final Set<String> NOT_TRANSFERRED = Set.of("outbox_message");

    @Resource(lookup = "jdbc/kyodo")
    DataSource dataSource;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public JsonObject exportTables() {
        JsonObjectBuilder tables = Json.createObjectBuilder();
        try (Connection c = dataSource.getConnection()) {
            TenantBinding.bind(c);
            for (String table : tablesInOrder(c)) {
                if (NOT_TRANSFERRED.contains(table)) {
                    continue;
                }
                JsonArrayBuilder rows = Json.createArrayBuilder();
                try (PreparedStatement ps = c.prepareStatement("SELECT (to_jsonb(t) - 'tenant_id')::text FROM "
                        + quote(table) + " t ORDER BY 1");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(parse(rs.getString(1)));
                    }
                }
                tables.add(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("export failed", e);
        }
        return tables.build();
    }

    /** Counts the rows of the bound city outside the tables that onboarding fills. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            TenantBinding.bind(c);
            for (String table : tablesInOrder(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + quote(table));
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("count failed", e);
        }
        return counts;
    }

    /**
     * Inserts the exported tables into the bound city, all or nothing. The target's settings are
     * replaced; its onboarding members and audit lines stay; every other table must be empty.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int importTables(JsonObject tables) {
        int inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            TenantBinding.bind(c);
            List<String> known = tablesInOrder(c);
            for (String name : tables.keySet()) {
                if (!known.contains(name) || NOT_TRANSFERRED.contains(name)) {
                    throw ProblemException.badRequest("import-unknown-table",
                            "不明な表 '" + name + "' が含まれています", "unknown table '" + name + "' in the import");
                }
            }
            for (String table : reversed(known)) {
                if (REPLACED_BY_IMPORT.contains(table) && tables.containsKey(table)) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + quote(table))) {
                        ps.executeUpdate();
                    }
                }
            }
            for (String table : known) {
                if (!tables.containsKey(table)) {
                    continue;
                }
                if (tables.get(table).getValueType() != JsonValue.ValueType.ARRAY) {
                    throw ProblemException.badRequest("import-row", "表 " + table + " が配列ではありません",
                            "the rows of " + table + " must be an array");
                }
                inserted += insertRows(c, table, tables.getJsonArray(table));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("import failed", e);
        }
        return inserted;
    }

    /**
     * Inserts one table's rows in their order. Each row names the columns it carries, so that a column the file
     * leaves out takes its default (as in any INSERT), never a NULL: a row is written complete or refused. Only
     * columns of the table are named (from the catalogue; the file's keys never reach the SQL text); {@code tenant_id}
     * is always the bound city, whatever the row says. Consecutive rows with the same columns share one batch.
     */
    private static int insertRows(Connection c, String table, JsonArray rows) throws SQLException {
        List<String> columns = writableColumns(c, table);
        int inserted = 0;
        PreparedStatement ps = null;
        String current = null;
        try {
            for (JsonValue row : rows) {
                if (row.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw ProblemException.badRequest("import-row",
                            "表 " + table + " の行がオブジェクトではありません", "rows of " + table + " must be objects");
                }
                String sql = insertStatement(table, columns, row.asJsonObject().keySet());
                if (!sql.equals(current)) {
                    if (ps != null) {
                        ps.executeBatch();
                        ps.close();
                    }
                    ps = c.prepareStatement(sql);
                    current = sql;
                }
                ps.setString(1, row.toString());
                ps.addBatch();
                inserted++;
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw ProblemException.badRequest("import-rejected", "表 " + table + " の取り込みに失敗しました: "
                    + rootMessage(e), "rows of " + table + " were rejected: " + rootMessage(e));
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
        return inserted;
    }

    /**
     * The INSERT for a row with these keys: the bound city as {@code tenant_id}, and the table's columns that the
     * row names, read from the row with {@code jsonb_populate_record} (one parameter, the row's JSON). A row naming
     * none of them is refused.
     */
    static String insertStatement(String table, List<String> columns, Set<String> keys) {
        List<String> named = columns.stream().filter(keys::contains).map(CityDataTransfer::quoteColumn).toList();
        if (named.isEmpty()) {
            throw ProblemException.badRequest("import-row", "表 " + table + " の行に列がありません",
                    "a row of " + table + " names none of its columns");
        }
        String list = String.join(", ", named);
        return "INSERT INTO " + quote(table) + " (tenant_id, " + list + ") SELECT kyodo_current_tenant(), " + list
                + " FROM jsonb_populate_record(NULL::" + quote(table) + ", ?::jsonb)";
    }

    /** The table's columns an import may write, in table order: all but {@code tenant_id} and generated columns. */
    private static List<String> writableColumns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass"
                + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attname <> 'tenant_id' ORDER BY attnum")) {
            ps.setString(1, quote(table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Points every imported member row at the account this import created for it: the file's
     * {@code keycloak_user_id} is always replaced, never used. A row without a new account is refused.
     *
     * <p>Personal data is keyed by the subject id of its owner ({@code sub}, the Keycloak user id): every column named
     * {@code *_subject}, and an owner key {@code subject:<id>} in a column named {@code owner}. Those are turned into
     * the new account of the member the file gave that id; a subject the file's members do not have (a person who had
     * left the city before the export) becomes NULL ({@code subject:} for an owner key), so the import can never hand
     * a row to an account of this deployment that the file merely names.
     */
    public static JsonObject remapMembers(JsonObject tables, Map<String, String> keycloakIds) {
        Map<String, String> subjects = new java.util.HashMap<>();
        JsonObjectBuilder out = Json.createObjectBuilder(tables);
        if (tables.containsKey("city_member")) {
            JsonArrayBuilder rows = Json.createArrayBuilder();
            for (JsonValue v : tables.getJsonArray("city_member")) {
                JsonObject row = v.asJsonObject();
                String id = keycloakIds.get(row.getString("username", ""));
                if (id == null) {
                    throw new IllegalStateException("no account was created for an imported member");
                }
                if (row.get("keycloak_user_id") instanceof jakarta.json.JsonString old) {
                    subjects.put(old.getString(), id);
                }
                rows.add(Json.createObjectBuilder(row).add("keycloak_user_id", id).build());
            }
            out.add("city_member", rows);
        }
        for (String table : tables.keySet()) {
            if (table.equals("city_member") || tables.get(table).getValueType() != JsonValue.ValueType.ARRAY) {
                continue;
            }
            JsonArrayBuilder rows = Json.createArrayBuilder();
            for (JsonValue v : tables.getJsonArray(table)) {
                rows.add(v.getValueType() == JsonValue.ValueType.OBJECT ? remapSubjects(v.asJsonObject(), subjects) : v);
            }
            out.add(table, rows);
        }
        return out.build();
    }

    private static JsonObject remapSubjects(JsonObject row, Map<String, String> subjects) {
        JsonObjectBuilder b = null;
        for (var e : row.entrySet()) {
            JsonValue value = e.getValue();
            if (e.getKey().endsWith("_subject") && value.getValueType() != JsonValue.ValueType.NULL) {
                String mapped = value instanceof jakarta.json.JsonString s ? subjects.get(s.getString()) : null;
                b = b == null ? Json.createObjectBuilder(row) : b;
                b.add(e.getKey(), mapped == null ? JsonValue.NULL : Json.createValue(mapped));
            } else if (e.getKey().equals("owner") && value instanceof jakarta.json.JsonString s
                    && s.getString().startsWith(SUBJECT_OWNER)) {
                String mapped = subjects.get(s.getString().substring(SUBJECT_OWNER.length()));
                b = b == null ? Json.createObjectBuilder(row) : b;
                b.add(e.getKey(), SUBJECT_OWNER + (mapped == null ? "" : mapped));
            }
        }
        return b == null ? row : b.build();
    }

    /** The prefix of an owner key that names a person by subject id (the concierge's conversations). */
    static final String SUBJECT_OWNER = "subject:";

    static List<String> tablesInOrder(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM kyodo_tenant_tables() ORDER BY depth, table_name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String quoteColumn(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static List<String> reversed(List<String> in) {
        List<String> r = new ArrayList<>(in);
        java.util.Collections.reverse(r);
        return r;
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("unexpected table name " + identifier);
        }
        return '"' + identifier + '"';
    }

    private static String rootMessage(SQLException e) {
        SQLException next = e.getNextException();
        String m = (next != null ? next : e).getMessage();
        return m == null ? "" : m.lines().findFirst().orElse("");
    }

    private static JsonValue parse(String json) {
        try (var r = Json.createReader(new StringReader(json))) {
            return r.readValue();
        }
    }
}
