package jp.kyodo.tenant.settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which module a path belongs to, for the city's module switches ({@link CitySettings#enabledModules()}). One table
 * for pages ({@code /c/<code>/<rest>}) and APIs ({@code /api/<rest>}); a path of no switchable module (the portal's
 * home, my page, sign-in, the city's own settings) is always served. {@link ModuleGate} answers 404 for a path of a
 * module the city has switched off.
 */
public final class Modules {

    /** The modules a city may switch off, with the path prefixes that belong to them. */
    public static final Map<String, List<String>> PREFIXES = Map.of(
            // the AI concierge, its knowledge base (and the citizens' よくある質問 drawn from it) and its administration
            "agents", List.of("ask", "faq", "admin/knowledge", "v1/concierge", "v1/knowledge"),
            // the contact centre: inquiries, cases, staff desk, FAQ proposals, citizen look-up by staff
            "crm", List.of("staff", "inquiries", "v1/cases", "v1/my/inquiries", "v1/faq-proposals", "v1/citizens"));

    /** The modules a city may switch on or off on its settings page (the portal is always on). */
    public static final List<String> SWITCHABLE = List.of("crm", "agents", "integration");

    private Modules() {
    }

    /**
     * The module of a request path (as JAX-RS gives it, relative to the application: {@code c/131016/ask},
     * {@code v1/cases/…}), or empty when the path belongs to no switchable module.
     */
    public static Optional<String> of(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.startsWith("c/")) {
            int slash = p.indexOf('/', 2);
            p = slash < 0 ? "" : p.substring(slash + 1);
        }
        for (var e : PREFIXES.entrySet()) {
            for (String prefix : e.getValue()) {
                if (p.equals(prefix) || p.startsWith(prefix + "/")) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }
}
