package jp.kyodo.portal.pages;

/** The message keys that name what a My Number card says, for the pages that show a card-verified record. */
public final class CardLabels {

    private CardLabels() {
    }

    /** The card's gender code as the デジタル認証アプリ gives it: 1 男性, 2 女性, 9 適用不能 (see deploy/simulators/README.md). */
    public static String gender(String code) {
        return switch (code == null ? "" : code) {
            case "1" -> "card.gender.male";
            case "2" -> "card.gender.female";
            case "9" -> "card.gender.notApplicable";
            default -> "card.gender.other";
        };
    }
}
