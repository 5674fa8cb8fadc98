package jp.kyodo.crm.citizens;

/**
 * What the eligibility engine needs to know about one person beyond age; every field is optional (null = none or not
 * told).
 *
 * @param physicalHandbook 身体障害者手帳の等級 1–7
 * @param ryoikuHandbook   療育手帳の判定 "A" or "B"
 * @param mentalHandbook   精神障害者保健福祉手帳の等級 1–3
 * @param schoolYear       学年 when it differs from the one derived from the birth date (小1 = 1 … 高3 = 12, 大学 = 13–16)
 */
public record PersonFacts(Integer physicalHandbook, String ryoikuHandbook, Integer mentalHandbook, Integer schoolYear) {
    public static final PersonFacts NONE = new PersonFacts(null, null, null, null);
}
