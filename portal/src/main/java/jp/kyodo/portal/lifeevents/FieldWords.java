package jp.kyodo.portal.lifeevents;

import gg.jte.Content;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * The words of a procedure's form for a value a life-event bundle prepares: its key ({@code applicant.phone},
 * {@code children[newborn].fullName}) becomes the form's own label (「申請者：電話番号」) and a choice's code
 * ({@code kosei}) the option's label (「健康保険（会社員など）」), as the application form itself says them. A key the
 * definition does not know (or no published definition) is shown as it is.
 */
final class FieldWords {

    private static final Pattern KEY = Pattern.compile("([A-Za-z0-9_-]+)(?:\\[[^\\]]*])?\\.([A-Za-z0-9_-]+)");
    private static final Pattern ROW = Pattern.compile("[^\\[]*\\[(\\d{1,4})].*");

    private final Text t;
    private final boolean en;
    private final ProcedureDefinition definition;

    FieldWords(Text t, boolean en, ProcedureDefinition definition) {
        this.t = t;
        this.en = en;
        this.definition = definition;
    }

    Content label(String key) {
        Optional<Found> f = find(key);
        if (f.isEmpty()) {
            return Ui.text(key);
        }
        ProcedureDefinition.Section s = f.get().section();
        ProcedureDefinition.Field field = f.get().field();
        Content label = words(field.label(), field.labelEn());
        if (s.title() == null || s.title().isBlank()) {
            return label;
        }
        return t.t("bundles.values.fieldOf", words(s.title(), s.titleEn()), label);
    }

    /**
     * Keys in the order the form shows them: by section, then row of a repeated section ({@code children[0]} before
     * {@code children[1]}), then field; keys the form does not know come last, in their own order.
     */
    java.util.Comparator<String> formOrder() {
        return java.util.Comparator.comparingInt(this::sectionIndex)
                .thenComparingInt(FieldWords::row)
                .thenComparingInt(this::fieldIndex)
                .thenComparing(java.util.Comparator.naturalOrder());
    }

    private int sectionIndex(String key) {
        Optional<Found> f = find(key);
        return f.isEmpty() ? Integer.MAX_VALUE : definition.sections().indexOf(f.get().section());
    }

    private int fieldIndex(String key) {
        Optional<Found> f = find(key);
        return f.isEmpty() ? Integer.MAX_VALUE : f.get().section().fields().indexOf(f.get().field());
    }

    private static int row(String key) {
        Matcher m = ROW.matcher(key == null ? "" : key);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    Content value(String key, String value) {
        if (value == null) {
            return Ui.text("");
        }
        Optional<ProcedureDefinition.Field> field = find(key).map(Found::field);
        if (field.isPresent() && !field.get().options().isEmpty()) {
            for (ProcedureDefinition.Option o : field.get().options()) {
                if (o.value().equals(value)) {
                    return words(o.label(), o.labelEn());
                }
            }
        }
        if (field.isPresent() && field.get().type() == ProcedureDefinition.FieldType.YESNO
                && ("yes".equals(value) || "no".equals(value))) {
            String answer = "yes".equals(value) ? "bundles.yes" : "bundles.no";
            return t.t(answer);
        }
        return Ui.japanese(value);
    }

    private record Found(ProcedureDefinition.Section section, ProcedureDefinition.Field field) {
    }

    private Optional<Found> find(String key) {
        if (definition == null || key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return definition.section(m.group(1)).flatMap(s -> s.fields().stream()
                .filter(f -> f.id().equals(m.group(2))).findFirst().map(f -> new Found(s, f)));
    }

    private Content words(String ja, String english) {
        return en && english != null && !english.isBlank() ? Ui.text(english) : Ui.japanese(ja == null ? "" : ja);
    }
}
