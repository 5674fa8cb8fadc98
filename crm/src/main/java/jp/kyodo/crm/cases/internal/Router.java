package jp.kyodo.crm.cases.internal;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.Route;
import jp.kyodo.crm.cases.RoutingRule;

/** Evaluates a city's routing rules in order; no database, so it is tested on its own. */
public final class Router {

    private Router() {
    }

    /**
     * The queue for an inquiry: the first rule (by position) whose conditions all hold, else the default queue.
     *
     * @param text                the inquiry's subject and message
     * @param suggestedDepartment the concierge's suggestion, or null
     * @param priority            the priority asked for (a rule may only raise it)
     */
    public static Route route(List<RoutingRule> rules, String category, String text, String suggestedDepartment,
                              Priority priority, String defaultQueue) {
        Priority base = priority == null ? Priority.NORMAL : priority;
        String t = normalize(text);
        String d = normalize(suggestedDepartment);
        for (RoutingRule r : rules.stream().sorted(Comparator.comparingInt(RoutingRule::position)).toList()) {
            if (matches(r, category, t, d)) {
                Priority p = r.priority() != null && r.priority().ordinal() > base.ordinal() ? r.priority() : base;
                return new Route(r.queueCode(), p, r.position());
            }
        }
        return new Route(defaultQueue, base, null);
    }

    static boolean matches(RoutingRule r, String category, String normalizedText, String normalizedDepartment) {
        if (r.category() != null && !r.category().isBlank() && !r.category().equals(category)) {
            return false;
        }
        if (!r.keywords().isEmpty() && r.keywords().stream().map(Router::normalize)
                .noneMatch(k -> !k.isEmpty() && normalizedText.contains(k))) {
            return false;
        }
        return r.departmentWords().isEmpty() || r.departmentWords().stream().map(Router::normalize)
                .anyMatch(w -> !w.isEmpty() && normalizedDepartment.contains(w));
    }

    /** Full-width and half-width forms alike (NFKC), case ignored. */
    static String normalize(String s) {
        return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }
}
