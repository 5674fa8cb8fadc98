package jp.kyodo.portal.profile;

import java.util.List;
import java.util.Map;
import jp.kyodo.tenant.pages.Html;

/**
 * Accessible form fields for server-rendered pages: a visible label, an optional hint, the error message next to the
 * field ({@code aria-invalid}, {@code aria-describedby}), and the typed value kept. The error summary at the top links
 * to each field.
 */
public final class FormKit {

    /** Styles for forms and error messages (WCAG 2.1 AA contrast, visible focus). */
    public static final String STYLE = "<style>label{font-weight:700;display:block}input,select,textarea{font:inherit;"
            + "padding:.3rem;max-width:100%}input[type=text],input[type=email],input[type=tel]{width:24rem}"
            + "input:focus,select:focus,textarea:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".field{margin:1rem 0}.hint{color:#444;margin:0}.field-error{color:#b00;font-weight:700;margin:0}"
            + ".invalid input,.invalid select{border:2px solid #b00}"
            + ".error-summary{border:4px solid #b00;padding:0 1rem;margin:1rem 0}.notice{border-left:4px solid #0017c1;"
            + "padding-left:1rem}.status{font-weight:700}dl.record dt{font-weight:700}dl.record dd{margin:0 0 .5rem 0}"
            + "fieldset{border:1px solid #ccc;margin:1rem 0}</style>";

    private FormKit() {
    }

    /** The list of errors, each linking to its field; empty when there are none. */
    public static String errorSummary(Map<String, String> errors) {
        return errorSummary(errors, false);
    }

    /** The list of errors with its heading in English or Japanese. */
    public static String errorSummary(Map<String, String> errors, boolean english) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\""
                + " tabindex=\"-1\" id=\"error-summary\"><h2 id=\"error-summary-title\">")
                .append(english ? "Please check what you entered (" + errors.size() + (errors.size() == 1 ? " problem)" : " problems)")
                        : "入力内容をご確認ください（" + errors.size() + "件）").append("</h2><ul>");
        errors.forEach((f, m) -> b.append("<li><a href=\"#").append(Html.escape(f)).append("\">").append(Html.escape(m))
                .append("</a></li>"));
        return b.append("</ul></div>").toString();
    }

    public static String input(String name, String label, String type, String hint, Map<String, String> values,
                               Map<String, String> errors, String extra) {
        StringBuilder b = open(name, label, hint, errors);
        b.append("<input type=\"").append(type).append("\" id=\"").append(name).append("\" name=\"").append(name)
                .append("\" value=\"").append(Html.escape(values.getOrDefault(name, ""))).append("\"")
                .append(describedBy(name, hint, errors)).append(extra == null ? "" : " " + extra).append("></div>");
        return b.toString();
    }

    /** A select; {@code options} are pairs of value and label. */
    public static String select(String name, String label, String hint, List<String[]> options,
                                Map<String, String> values, Map<String, String> errors) {
        StringBuilder b = open(name, label, hint, errors);
        b.append("<select id=\"").append(name).append("\" name=\"").append(name).append("\"")
                .append(describedBy(name, hint, errors)).append(">");
        String v = values.getOrDefault(name, "");
        for (String[] o : options) {
            b.append("<option value=\"").append(Html.escape(o[0])).append("\"").append(o[0].equals(v) ? " selected" : "")
                    .append(">").append(Html.escape(o[1])).append("</option>");
        }
        return b.append("</select></div>").toString();
    }

    public static String checkbox(String name, String label, String hint, Map<String, String> values,
                                  Map<String, String> errors) {
        boolean checked = "true".equals(values.get(name)) || "on".equals(values.get(name));
        StringBuilder b = new StringBuilder("<div class=\"field").append(errors.containsKey(name) ? " invalid" : "")
                .append("\">");
        if (errors.containsKey(name)) {
            b.append("<p class=\"field-error\" id=\"").append(name).append("-error\">").append(Html.escape(errors.get(name)))
                    .append("</p>");
        }
        b.append("<input type=\"checkbox\" id=\"").append(name).append("\" name=\"").append(name).append("\" value=\"true\"")
                .append(checked ? " checked" : "").append(describedBy(name, hint, errors)).append("> <label for=\"")
                .append(name).append("\" style=\"display:inline\">").append(Html.escape(label)).append("</label>");
        if (hint != null) {
            b.append("<p class=\"hint\" id=\"").append(name).append("-hint\">").append(Html.escape(hint)).append("</p>");
        }
        return b.append("</div>").toString();
    }

    private static StringBuilder open(String name, String label, String hint, Map<String, String> errors) {
        StringBuilder b = new StringBuilder("<div class=\"field").append(errors.containsKey(name) ? " invalid" : "")
                .append("\"><label for=\"").append(name).append("\">").append(Html.escape(label)).append("</label>");
        if (hint != null) {
            b.append("<p class=\"hint\" id=\"").append(name).append("-hint\">").append(Html.escape(hint)).append("</p>");
        }
        if (errors.containsKey(name)) {
            b.append("<p class=\"field-error\" id=\"").append(name).append("-error\">").append(Html.escape(errors.get(name)))
                    .append("</p>");
        }
        return b;
    }

    private static String describedBy(String name, String hint, Map<String, String> errors) {
        String ids = (hint != null ? name + "-hint" : "") + (errors.containsKey(name) ? (hint != null ? " " : "") + name + "-error" : "");
        return (ids.isEmpty() ? "" : " aria-describedby=\"" + ids + "\"") + (errors.containsKey(name) ? " aria-invalid=\"true\"" : "");
    }

    /** A value typed into a form, trimmed; null when absent. */
    public static String value(Map<String, List<String>> form, String name) {
        List<String> l = form.get(name);
        return l == null || l.isEmpty() ? null : l.get(0);
    }
}
