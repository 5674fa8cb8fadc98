package jp.kyodo.agents.lifeevents;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import jp.kyodo.agents.lifeevents.BundleDefinition.Question;

/** Checks one answer against its question's type; the same rules as the application forms' fields. */
public final class AnswerRules {

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9-]{8,15}");

    /** A refused answer, in Japanese and English. */
    public record Refusal(String ja, String en) {
    }

    private AnswerRules() {
    }

    /** Null when the (stripped) value is acceptable. */
    public static Refusal check(Question q, String raw, LocalDate today) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty()) {
            return new Refusal("答えを入力してください。", "Please give an answer.");
        }
        int max = q.maxLength() == null ? 200 : q.maxLength();
        if (v.length() > max) {
            return new Refusal(max + " 文字以内で入力してください。", "At most " + max + " characters.");
        }
        switch (q.type()) {
            case DATE -> {
                try {
                    LocalDate d = LocalDate.parse(v);
                    if (q.past() && d.isAfter(today)) {
                        return new Refusal("今日より後の日付は入力できません。", "The date cannot be in the future.");
                    }
                } catch (DateTimeParseException e) {
                    return new Refusal("日付は 2025-04-01 の形で入力してください。", "Write the date as 2025-04-01.");
                }
            }
            case CHOICE -> {
                if (q.options().stream().noneMatch(o -> o.value().equals(v))) {
                    return new Refusal("選択肢から選んでください。", "Choose one of the options.");
                }
            }
            case YESNO -> {
                if (!v.equals("yes") && !v.equals("no")) {
                    return new Refusal("「はい」か「いいえ」で答えてください（yes / no）。", "Answer yes or no.");
                }
            }
            case PHONE -> {
                if (!PHONE.matcher(v).matches()) {
                    return new Refusal("電話番号は 06-1234-5678 の形で入力してください。", "Write the number as 06-1234-5678.");
                }
            }
            case NUMBER -> {
                try {
                    int n = Integer.parseInt(v);
                    if ((q.min() != null && n < q.min()) || (q.max() != null && n > q.max())) {
                        return new Refusal(q.min() + "から" + q.max() + "までの数で答えてください。",
                                "Give a number from " + q.min() + " to " + q.max() + ".");
                    }
                } catch (NumberFormatException e) {
                    return new Refusal("数字で答えてください。", "Answer with a number.");
                }
            }
            default -> {
            }
        }
        return null;
    }
}
