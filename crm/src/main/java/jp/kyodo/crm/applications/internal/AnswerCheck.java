package jp.kyodo.crm.applications.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureDefinition.Field;
import jp.kyodo.crm.applications.ProcedureDefinition.Section;

/**
 * Checks a form's answers against its definition. Answers are a flat map: {@code section.field} for a plain section,
 * {@code section[i].field} for row i of a repeating one (rows 0…n-1). A draft may be incomplete (only what is given is
 * checked); a submission must be whole (required fields, the number of rows).
 */
public final class AnswerCheck {

    static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9]*)(?:\\[(\\d{1,2})])?\\.([A-Za-z][A-Za-z0-9]*)");
    private static final Pattern POSTAL = Pattern.compile("\\d{3}-?\\d{4}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{8,15}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_TEXT = 2000;

    private AnswerCheck() {
    }

    /** The rows of a repeating section in {@code answers} (highest index + 1). */
    public static int rows(Map<String, String> answers, String sectionId) {
        int n = 0;
        for (String k : answers.keySet()) {
            Matcher m = KEY.matcher(k);
            if (m.matches() && m.group(1).equals(sectionId) && m.group(2) != null) {
                n = Math.max(n, Integer.parseInt(m.group(2)) + 1);
            }
        }
        return n;
    }

    public static List<FieldError> check(ProcedureDefinition d, Map<String, String> answers, boolean whole) {
        List<FieldError> errors = new ArrayList<>();
        for (String k : new TreeSet<>(answers.keySet())) {
            Matcher m = KEY.matcher(k);
            Section s = m.matches() ? d.section(m.group(1)).orElse(null) : null;
            boolean known = s != null && (s.repeats() == (m.group(2) != null))
                    && s.fields().stream().anyMatch(f -> f.id().equals(m.group(3)))
                    && (!s.repeats() || Integer.parseInt(m.group(2)) < s.repeat().max());
            if (!known) {
                errors.add(FieldError.of(k, "unknown", "この手続きに「" + k + "」という項目はありません。",
                        "This form has no field \"" + k + "\"."));
            }
        }
        for (Section s : d.sections()) {
            if (s.repeats()) {
                int n = rows(answers, s.id());
                if (whole && n < s.repeat().min()) {
                    errors.add(FieldError.of(s.id(), "rows", "「" + s.title() + "」を " + s.repeat().min() + " 件以上入力してください。",
                            "Enter at least " + s.repeat().min() + " entries under \"" + en(s.titleEn(), s.title()) + "\".",
                            s.repeat().min()));
                }
                for (int i = 0; i < Math.min(n, s.repeat().max()); i++) {
                    for (Field f : s.fields()) {
                        checkField(d, s, f, s.id() + "[" + i + "]", answers, whole, errors);
                    }
                }
            } else {
                for (Field f : s.fields()) {
                    checkField(d, s, f, s.id(), answers, whole, errors);
                }
            }
        }
        return errors;
    }

    /** Whether a field with {@code showIf} is shown, given the answers (same row first, then {@code section.field}). */
    public static boolean shown(Field f, String prefix, Map<String, String> answers) {
        if (f.showIf() == null) {
            return true;
        }
        String ref = f.showIf().field();
        String v = answers.containsKey(prefix + "." + ref) ? answers.get(prefix + "." + ref) : answers.get(ref);
        return f.showIf().equals().equals(v);
    }

    private static void checkField(ProcedureDefinition d, Section s, Field f, String prefix, Map<String, String> answers,
                                   boolean whole, List<FieldError> errors) {
        String key = prefix + "." + f.id();
        String v = answers.get(key);
        String label = f.label();
        String labelEn = en(f.labelEn(), f.label());
        if (!shown(f, prefix, answers)) {
            return;
        }
        if (v == null || v.isBlank()) {
            if (whole && f.required()) {
                errors.add(FieldError.of(key, "required", "「" + label + "」を入力してください。", "Enter \"" + labelEn + "\"."));
            }
            return;
        }
        v = v.strip();
        int limit = f.maxLength() == null ? MAX_TEXT : f.maxLength();
        if (v.length() > limit) {
            errors.add(FieldError.of(key, "tooLong", "「" + label + "」は " + limit + " 文字以内で入力してください（" + v.length() + " 文字）。",
                    "\"" + labelEn + "\" may be at most " + limit + " characters (" + v.length() + ").", limit, v.length()));
            return;
        }
        switch (f.type()) {
            case NUMBER -> {
                try {
                    long x = Long.parseLong(v.replace(",", ""));
                    if (f.min() != null && x < f.min() || f.max() != null && x > f.max()) {
                        errors.add(rangeError(key, f, label, labelEn));
                    }
                } catch (NumberFormatException e) {
                    errors.add(FieldError.of(key, "whole", "「" + label + "」は半角数字で入力してください。",
                            "\"" + labelEn + "\" must be a whole number."));
                }
            }
            case DATE -> {
                try {
                    LocalDate date = LocalDate.parse(v);
                    if (date.getYear() < 1900 || date.isAfter(LocalDate.now().plusYears(5))) {
                        errors.add(FieldError.of(key, "date", "「" + label + "」の日付を確かめてください。",
                                "Check the date in \"" + labelEn + "\"."));
                    }
                } catch (DateTimeParseException e) {
                    errors.add(FieldError.of(key, "dateFormat", "「" + label + "」は 2020-04-01 の形で入力してください。",
                            "\"" + labelEn + "\" must be a date like 2020-04-01."));
                }
            }
            case CHOICE -> {
                String value = v;
                if (f.options().stream().noneMatch(o -> o.value().equals(value))) {
                    errors.add(FieldError.of(key, "choice", "「" + label + "」は選択肢から選んでください。",
                            "Choose one of the options for \"" + labelEn + "\"."));
                }
            }
            case YESNO -> {
                if (!v.equals("yes") && !v.equals("no")) {
                    errors.add(FieldError.of(key, "yesNo", "「" + label + "」は「はい」か「いいえ」を選んでください。",
                            "Answer yes or no to \"" + labelEn + "\"."));
                }
            }
            case POSTAL_CODE -> {
                if (!POSTAL.matcher(v).matches()) {
                    errors.add(FieldError.of(key, "postalCode", "「" + label + "」は 123-4567 の形で入力してください。",
                            "\"" + labelEn + "\" must look like 123-4567."));
                }
            }
            case PHONE -> {
                if (!PHONE.matcher(v).matches()) {
                    errors.add(FieldError.of(key, "phone", "「" + label + "」は半角数字とハイフンで入力してください。",
                            "\"" + labelEn + "\" must be digits and hyphens."));
                }
            }
            case EMAIL -> {
                if (!EMAIL.matcher(v).matches()) {
                    errors.add(FieldError.of(key, "email", "「" + label + "」はメールアドレスの形で入力してください。",
                            "\"" + labelEn + "\" must be an e-mail address."));
                }
            }
            default -> {
            }
        }
        if (f.pattern() != null && !Pattern.compile(f.pattern()).matcher(v).matches()) {
            errors.add(FieldError.of(key, "format", "「" + label + "」の形式が正しくありません。" + (f.hint() == null ? "" : f.hint()),
                    "\"" + labelEn + "\" is not in the expected format."));
        }
    }

    /** A number outside the field's range: {@code between} (min, max), {@code atLeast} (min) or {@code atMost} (max). */
    private static FieldError rangeError(String key, Field f, String label, String labelEn) {
        String ja = "「" + label + "」は " + range(f) + " の数を入力してください。";
        String en = "\"" + labelEn + "\" must be a number " + rangeEn(f) + ".";
        if (f.min() != null && f.max() != null) {
            return FieldError.of(key, "between", ja, en, f.min(), f.max());
        }
        return f.min() != null ? FieldError.of(key, "atLeast", ja, en, f.min()) : FieldError.of(key, "atMost", ja, en, f.max());
    }

    private static String range(Field f) {
        return (f.min() == null ? "" : f.min()) + "〜" + (f.max() == null ? "" : f.max());
    }

    private static String rangeEn(Field f) {
        return f.min() != null && f.max() != null ? "from " + f.min() + " to " + f.max()
                : f.min() != null ? "of at least " + f.min() : "of at most " + f.max();
    }

    static String en(String en, String ja) {
        return en == null || en.isBlank() ? ja : en;
    }
}
