package jp.kyodo.admin.programmes;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.kyodo.agents.programmes.CityProgrammeRegistry;
import jp.kyodo.agents.programmes.ConditionResult;
import jp.kyodo.agents.programmes.EligibilityStatus;
import jp.kyodo.agents.programmes.ProgrammeSummary;

/** What the programme pages' templates show for the registry's codes: message keys, tag kinds, amounts. */
public final class ProgrammeWords {


    private ProgrammeWords() {
    }

    /** An error in the rule's textarea: its line and column there, the message, and the line as typed (or null). */
    public record YamlError(int line, int column, String message, String text) {

        /** Spaces up to the column, then a caret under it. */
        public String caret() {
            int pad = text == null ? 0 : Math.max(0, Math.min(column - 1, text.length()));
            return " ".repeat(pad) + "^";
        }
    }

    /** The message key of a programme's status in the list. */
    public static String status(ProgrammeSummary s) {
        return switch (s.status()) {
            case CityProgrammeRegistry.PUBLISHED -> "programmes.status.published";
            case CityProgrammeRegistry.HIDDEN -> "programmes.status.hidden";
            default -> "programmes.status.draftOnly";
        };
    }

    /** The design system's tag kind of a programme's status. */
    public static String statusKind(ProgrammeSummary s) {
        return switch (s.status()) {
            case CityProgrammeRegistry.PUBLISHED -> "success";
            case CityProgrammeRegistry.HIDDEN -> "warning";
            default -> "info";
        };
    }

    /** True when a version newer than the published one waits. */
    public static boolean unpublishedDraft(ProgrammeSummary s) {
        return s.hasDraft() && s.publishedVersion() != null;
    }

    /** The message key of a version's status. */
    public static String versionStatus(String status) {
        return switch (status == null ? "" : status) {
            case CityProgrammeRegistry.PUBLISHED -> "programmes.version.published";
            case CityProgrammeRegistry.DRAFT -> "programmes.version.draft";
            default -> "programmes.version.superseded";
        };
    }

    /** The message key of where a programme comes from. */
    public static String origin(ProgrammeSummary s) {
        return "TEMPLATE".equals(s.origin()) ? "programmes.origin.template" : "programmes.origin.own";
    }

    /** The message key of a tried rule's result. */
    public static String result(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> "programmes.result.eligible";
            case NOT_ELIGIBLE -> "programmes.result.notEligible";
            case UNKNOWN -> "programmes.result.unknown";
            case ERROR -> "programmes.result.error";
        };
    }

    /** The message key of one condition's outcome. */
    public static String outcome(ConditionResult c) {
        return switch (c.outcome()) {
            case MATCHED -> "programmes.outcome.matched";
            case NOT_MATCHED -> "programmes.outcome.notMatched";
            case UNKNOWN -> "programmes.outcome.unknown";
        };
    }

    /** A number of yen with digit grouping ({@code 7,000}). */
    public static String number(long yen) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(yen);
    }


    /** One choice of a select in the try panel. */
    public record Choice(String value, String key, int n) {
    }

    /** The relations a household member can have (message keys). */
    public static List<Choice> roles() {
        return List.of(new Choice("", "programmes.try.role.none", 0), new Choice("parent", "programmes.try.role.parent", 0),
                new Choice("child", "programmes.try.role.child", 0), new Choice("grandparent", "programmes.try.role.grandparent", 0),
                new Choice("other", "programmes.try.role.other", 0));
    }

    /** "None", then grades 1 … max, worded by {@code key} ({@code {0}級}, {@code {0}度}). */
    public static List<Choice> grades(int max, String key) {
        List<Choice> out = new ArrayList<>();
        out.add(new Choice("", "programmes.try.grade.none", 0));
        for (int i = 1; i <= max; i++) {
            out.add(new Choice(String.valueOf(i), key, i));
        }
        return out;
    }

    /** The grades of a 療育手帳. */
    public static List<Choice> ryoiku() {
        return List.of(new Choice("", "programmes.try.grade.none", 0), new Choice("A", "programmes.try.grade.a", 0),
                new Choice("B", "programmes.try.grade.b", 0));
    }

    /** The grade message keys used by the try panel (for {@link #grades}). */
    public static final String CLASS = "programmes.try.grade.class";
    public static final String DEGREE = "programmes.try.grade.degree";
}
