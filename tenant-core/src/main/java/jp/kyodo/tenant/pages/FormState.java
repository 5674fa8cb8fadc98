package jp.kyodo.tenant.pages;

import gg.jte.Content;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a form shows: the values the person typed (kept when the form comes back with errors) and one message per
 * field, in the order of the form (the error summary lists them in that order and links to each field).
 */
public final class FormState {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Content> errors = new LinkedHashMap<>();

    /** An empty form. */
    public static FormState empty() {
        return new FormState();
    }

    public FormState value(String field, String value) {
        values.put(field, value);
        return this;
    }

    public FormState error(String field, Content message) {
        errors.put(field, message);
        return this;
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public Content error(String field) {
        return errors.get(field);
    }

    public Map<String, Content> errors() {
        return Collections.unmodifiableMap(errors);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The ids the field is described by: its hint and its error. */
    public String describedBy(String field, boolean hasHint) {
        String d = (hasHint ? field + "-hint" : "") + (errors.containsKey(field) ? (hasHint ? " " : "") + field + "-error" : "");
        return d.isEmpty() ? null : d;
    }
}
