package jp.kyodo.agents.knowledgebase.internal;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.Phrasing;
import jp.kyodo.agents.knowledgebase.RowError;

/** Checks an FAQ entry before import; messages are in Japanese for city staff. */
public final class EntryValidator {
    public static final Set<String> LANGUAGES = Set.copyOf(jp.kyodo.tenant.pages.Languages.TAGS);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private EntryValidator() {
    }

    /** Appends the problems of {@code e} (found at {@code row}) to {@code errors}; column names as given. */
    public static void validate(FaqEntry e, int row, List<RowError> errors, String colId, String colQuestion,
                                String colAlt, String colAnswer, String colUrl, String colFrom, String colLang) {
        if (e.id().isBlank()) {
            errors.add(new RowError(row, colId, "IDが空です。"));
        } else if (!ID.matcher(e.id()).matches()) {
            errors.add(new RowError(row, colId, "IDには半角英数字と「-」「_」「.」だけを使ってください（100文字まで）。"));
        }
        if (e.question().isBlank()) {
            errors.add(new RowError(row, colQuestion, "質問が空です。"));
        } else if (e.question().length() > 500) {
            errors.add(new RowError(row, colQuestion, "質問が長すぎます（500文字まで）。"));
        }
        if (e.answer().isBlank()) {
            errors.add(new RowError(row, colAnswer, "回答が空です。"));
        } else if (e.answer().length() > 5000) {
            errors.add(new RowError(row, colAnswer, "回答が長すぎます（5000文字まで）。"));
        }
        for (Phrasing p : e.alternatives()) {
            if (!LANGUAGES.contains(p.language())) {
                errors.add(new RowError(row, colAlt, "言い換えの言語コード「" + p.language() + "」は使えません（ja, en, zh, ko, vi）。"));
            }
            if (p.text().isBlank() || p.text().contains("\n") || p.text().contains("\r")) {
                errors.add(new RowError(row, colAlt, "言い換えは1行に1つずつ、空でない文で書いてください。"));
            }
        }
        if (!e.sourceUrl().isEmpty() && !e.sourceUrl().matches("https?://\\S+")) {
            errors.add(new RowError(row, colUrl, "出典URLは http:// または https:// で始まるURLにしてください。"));
        }
        if (e.validFrom() != null && e.validTo() != null && e.validFrom().isAfter(e.validTo())) {
            errors.add(new RowError(row, colFrom, "公開開始日が公開終了日より後になっています。"));
        }
        if (!LANGUAGES.contains(e.language())) {
            errors.add(new RowError(row, colLang, "言語コード「" + e.language() + "」は使えません（ja, en, zh, ko, vi）。"));
        }
    }
}
