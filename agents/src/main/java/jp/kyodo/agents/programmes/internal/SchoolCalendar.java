package jp.kyodo.agents.programmes.internal;

import java.time.LocalDate;
import java.time.Period;

/** Age (年齢) and school year (学年) as of a date, following the Japanese school year (4月1日始まり). */
public final class SchoolCalendar {

    private SchoolCalendar() { }

    /** Full years on {@code asOf} (年齢計算ニ関スル法律 is ignored: the birthday itself counts). */
    public static int age(LocalDate birthDate, LocalDate asOf) {
        return Period.between(birthDate, asOf).getYears();
    }

    /**
     * School year on {@code asOf}: 小1 = 1 … 小6 = 6, 中1 = 7 … 中3 = 9, 高1 = 10 … 高3 = 12, 13 and more after
     * high school (大学1年相当 = 13 … 4年相当 = 16), 0 or less before primary school. Children born 1 January – 1 April
     * (早生まれ) are one school year ahead of those born later in the same calendar year.
     */
    public static int schoolYear(LocalDate birthDate, LocalDate asOf) {
        int years = asOf.getYear() - birthDate.getYear();
        boolean earlyBorn = birthDate.getMonthValue() < 4 || (birthDate.getMonthValue() == 4 && birthDate.getDayOfMonth() == 1);
        boolean afterApril = asOf.getMonthValue() >= 4;
        return years + (earlyBorn ? 1 : 0) + (afterApril ? 1 : 0) - 7;
    }
}
