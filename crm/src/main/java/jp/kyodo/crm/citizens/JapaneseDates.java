package jp.kyodo.crm.citizens;

import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Dates as citizens read them: 和暦 (令和・平成・昭和…) and 西暦 together. */
public final class JapaneseDates {

    /** The first day java.time's Japanese calendar supports (明治6年1月1日). */
    private static final LocalDate FIRST_ERA_DAY = LocalDate.of(1873, 1, 1);

    private JapaneseDates() {
    }

    /** 和暦 only, e.g. {@code 令和元年5月1日}; the 西暦 form for dates before 明治6年. */
    public static String wareki(LocalDate date) {
        if (date.isBefore(FIRST_ERA_DAY)) {
            return seireki(date);
        }
        JapaneseDate jd = JapaneseDate.from(date);
        JapaneseEra era = jd.getEra();
        int year = jd.get(ChronoField.YEAR_OF_ERA);
        return era.getDisplayName(TextStyle.FULL, Locale.JAPAN) + (year == 1 ? "元" : String.valueOf(year)) + "年"
                + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /** 西暦, e.g. {@code 2019年5月1日}. */
    public static String seireki(LocalDate date) {
        return date.getYear() + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
    }

    /** Both, e.g. {@code 令和元年5月1日（2019年5月1日）}. */
    public static String format(LocalDate date) {
        String w = wareki(date);
        String s = seireki(date);
        return w.equals(s) ? s : w + "（" + s + "）";
    }
}
