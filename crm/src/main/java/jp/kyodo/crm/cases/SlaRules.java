package jp.kyodo.crm.cases;

import java.time.Duration;

/**
 * When a case counts as "near" its response target (期限間近) and is warned about: {@code warnBeforeMinutes} before
 * the due time when the city set it for the priority, otherwise a quarter of the target but at least 15 minutes. The
 * case view, the counts and the background escalation all use the case's {@code sla_warn_at}, fixed by this rule
 * when the case opens (like the due time itself), so they always agree.
 */
public final class SlaRules {

    /** The least warning the default rule gives. */
    public static final Duration MINIMUM_WARNING = Duration.ofMinutes(15);

    /**
     * The same default in SQL, for rows without {@code sla_warn_at} (cases imported from an older export):
     * the moment the case of the current row becomes near.
     */
    public static final String WARN_AT_SQL = warnAtSql("");

    /** {@link #WARN_AT_SQL} for a table alias ({@code "c."}). */
    public static String warnAtSql(String alias) {
        return "coalesce(" + alias + "sla_warn_at, " + alias + "sla_due_at - greatest(interval '15 minutes', ("
                + alias + "sla_due_at - " + alias + "created_at) / 4))";
    }

    private SlaRules() {
    }

    /** How long before the due time a case of this target is warned about. */
    public static Duration warning(int responseMinutes, Integer warnBeforeMinutes) {
        if (warnBeforeMinutes != null && warnBeforeMinutes > 0) {
            return Duration.ofMinutes(warnBeforeMinutes);
        }
        Duration quarter = Duration.ofMinutes(responseMinutes).dividedBy(4);
        return quarter.compareTo(MINIMUM_WARNING) > 0 ? quarter : MINIMUM_WARNING;
    }

    /** Minutes as people say them: 「4320分（3日）」「90分（1時間30分）」「45分」. */
    public static String plainJapanese(int minutes) {
        if (minutes < 60) {
            return minutes + "分";
        }
        return minutes + "分（" + duration(minutes) + "）";
    }

    /** 「3日」「1日と6時間」「1時間30分」. */
    public static String duration(int minutes) {
        int days = minutes / (24 * 60);
        int hours = minutes % (24 * 60) / 60;
        int rest = minutes % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append("日");
        }
        if (hours > 0) {
            b.append(b.length() > 0 ? "と" : "").append(hours).append("時間");
        }
        if (rest > 0) {
            b.append(b.length() > 0 && hours == 0 ? "と" : "").append(rest).append("分");
        }
        return b.length() == 0 ? "0分" : b.toString();
    }
}
