package jp.kyodo.tenant.lifecycle.internal;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * An account an import will create: one per {@code city_member} row of the file, its name and e-mail from the
 * file's {@code accounts} entry of the same user name (else from the row). Nothing else in the file about identity
 * is read: not the {@code keycloak_user_id}, not any role outside the four city roles.
 */
public record ImportedAccount(String username, String email, String firstName, String lastName, String role) {

    /** Reads and checks the members of an export; every problem found is listed in one 400 answer. */
    public static List<ImportedAccount> read(JsonObject document, JsonObject tables) {
        Map<String, JsonObject> details = new HashMap<>();
        JsonValue accounts = document.get("accounts");
        if (accounts != null && accounts.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : accounts.asJsonArray()) {
                if (v.getValueType() == JsonValue.ValueType.OBJECT && text(v.asJsonObject(), "username") != null) {
                    details.put(key(text(v.asJsonObject(), "username")), v.asJsonObject());
                }
            }
        }
        JsonValue rows = tables.get("city_member");
        if (rows == null) {
            return List.of();
        }
        List<String> errors = new ArrayList<>();
        List<ImportedAccount> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        if (rows.getValueType() != JsonValue.ValueType.ARRAY) {
            errors.add("city_member must be an array");
        } else {
            int i = 0;
            for (JsonValue v : rows.asJsonArray()) {
                i++;
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    errors.add("city_member row " + i + " is not an object");
                    continue;
                }
                JsonObject row = v.asJsonObject();
                String username = text(row, "username");
                String role = text(row, "role");
                if (username == null || username.isBlank()) {
                    errors.add("city_member row " + i + " has no username");
                    continue;
                }
                if (!seen.add(key(username))) {
                    errors.add("username " + username + " appears twice");
                }
                if (role == null || !jp.kyodo.tenant.identity.CityRoles.CITY_ROLES.contains(role)) {
                    errors.add("username " + username + ": '" + role + "' is not a city role "
                            + new java.util.TreeSet<>(jp.kyodo.tenant.identity.CityRoles.CITY_ROLES));
                }
                JsonObject d = details.getOrDefault(key(username), row);
                String email = text(d, "email");
                String first = text(d, "firstName");
                String last = text(d, "lastName");
                if (first == null && last == null && text(row, "display_name") != null) {
                    // the row's display name is "family given" (as CityMembers writes it): both halves of the name,
                    // which Keycloak's user profile asks for before the person can sign in
                    String[] names = text(row, "display_name").strip().split("[\\s\u3000]+", 2);
                    last = names[0];
                    first = names.length > 1 ? names[1] : null;
                }
                out.add(new ImportedAccount(username, email == null || email.isBlank() ? null : email,
                        first == null ? "" : first, last == null ? "" : last, role));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "import-members", "入力内容に誤りがあります", "The request is invalid",
                    "取り込むファイルの利用者の記述に誤りがあります / the members of the import are invalid: "
                            + String.join("; ", errors), Map.of("errors", errors));
        }
        return out;
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
