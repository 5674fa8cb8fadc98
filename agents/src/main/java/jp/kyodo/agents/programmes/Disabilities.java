package jp.kyodo.agents.programmes;

/**
 * Disability handbooks and conditions of one person (障害者手帳等).
 *
 * @param physicalHandbookGrade 身体障害者手帳の等級 1–7, {@code null} = none
 * @param ryoikuHandbookGrade   療育手帳の判定 "A" or "B", {@code null} = none
 * @param ainoTechoDegree       愛の手帳（東京都の療育手帳）の度 1–4, {@code null} = none
 * @param mentalHandbookGrade   精神障害者保健福祉手帳の等級 1–3, {@code null} = none
 * @param internalDisability    内部障害がある
 * @param cerebralPalsy         脳性まひ・進行性筋萎縮症がある
 */
public record Disabilities(Integer physicalHandbookGrade, String ryoikuHandbookGrade, Integer ainoTechoDegree,
                           Integer mentalHandbookGrade, boolean internalDisability, boolean cerebralPalsy) {

    /** No handbook, no condition. */
    public static final Disabilities NONE = new Disabilities(null, null, null, null, false, false);

    public Disabilities {
        checkRange("physicalHandbookGrade", physicalHandbookGrade, 7);
        checkRange("ainoTechoDegree", ainoTechoDegree, 4);
        checkRange("mentalHandbookGrade", mentalHandbookGrade, 3);
        if (ryoikuHandbookGrade != null && ryoikuHandbookGrade.isBlank()) {
            ryoikuHandbookGrade = null;
        }
        if (ryoikuHandbookGrade != null && !ryoikuHandbookGrade.equals("A") && !ryoikuHandbookGrade.equals("B")) {
            throw new IllegalArgumentException("ryoikuHandbookGrade must be A or B: " + ryoikuHandbookGrade);
        }
    }

    private static void checkRange(String name, Integer v, int max) {
        if (v != null && (v < 1 || v > max)) {
            throw new IllegalArgumentException(name + " must be 1.." + max + ": " + v);
        }
    }

    public static Disabilities physical(int grade) { return NONE.withPhysical(grade); }

    public static Disabilities ryoiku(String grade) { return new Disabilities(null, grade, null, null, false, false); }

    public static Disabilities ainoTecho(int degree) { return new Disabilities(null, null, degree, null, false, false); }

    public static Disabilities mental(int grade) { return new Disabilities(null, null, null, grade, false, false); }

    public Disabilities withPhysical(Integer grade) {
        return new Disabilities(grade, ryoikuHandbookGrade, ainoTechoDegree, mentalHandbookGrade, internalDisability, cerebralPalsy);
    }

    public Disabilities withRyoiku(String grade) {
        return new Disabilities(physicalHandbookGrade, grade, ainoTechoDegree, mentalHandbookGrade, internalDisability, cerebralPalsy);
    }

    public Disabilities withAinoTecho(Integer degree) {
        return new Disabilities(physicalHandbookGrade, ryoikuHandbookGrade, degree, mentalHandbookGrade, internalDisability, cerebralPalsy);
    }

    public Disabilities withMental(Integer grade) {
        return new Disabilities(physicalHandbookGrade, ryoikuHandbookGrade, ainoTechoDegree, grade, internalDisability, cerebralPalsy);
    }

    public Disabilities withInternalDisability(boolean v) {
        return new Disabilities(physicalHandbookGrade, ryoikuHandbookGrade, ainoTechoDegree, mentalHandbookGrade, v, cerebralPalsy);
    }

    public Disabilities withCerebralPalsy(boolean v) {
        return new Disabilities(physicalHandbookGrade, ryoikuHandbookGrade, ainoTechoDegree, mentalHandbookGrade, internalDisability, v);
    }
}
