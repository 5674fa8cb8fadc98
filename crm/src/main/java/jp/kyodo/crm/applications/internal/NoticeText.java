package jp.kyodo.crm.applications.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills a result notice template's {@code {{…}}} placeholders (checked at save by {@link DefinitionReader}). */
public final class NoticeText {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

    private NoticeText() {
    }

    /**
     * @param answers the application's answers
     * @param values  applicant, receptionNumber, reason, city, procedure, date, subject
     */
    public static String fill(String template, Map<String, String> answers, Map<String, String> values) {
        if (template == null) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1).strip();
            String v;
            if (key.startsWith("count:")) {
                v = String.valueOf(AnswerCheck.rows(answers, key.substring(6)));
            } else if (values.containsKey(key)) {
                v = values.get(key);
            } else {
                v = answers.get(key);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
