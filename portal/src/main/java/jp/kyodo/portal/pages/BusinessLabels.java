package jp.kyodo.portal.pages;

import jp.kyodo.tenant.pages.SignedIn;

/** The message keys that name a GビズID business's account type and kind, for the pages that show a business. */
public final class BusinessLabels {

    private BusinessLabels() {
    }

    /** GビズID's account_type: 1 エントリー, 2 プライム, 3 メンバー. */
    public static String accountType(SignedIn.Business b) {
        return switch (b.accountType() == null ? "" : b.accountType()) {
            case "1" -> "business.accountType.entry";
            case "2" -> "business.accountType.prime";
            case "3" -> "business.accountType.member";
            default -> "business.accountType.other";
        };
    }

    /** GビズID's corp_type: 1 法人, 2 個人事業主. */
    public static String corpType(SignedIn.Business b) {
        return switch (b.corpType() == null ? "" : b.corpType()) {
            case "1" -> "business.corpType.corporation";
            case "2" -> "business.corpType.soleProprietor";
            default -> "business.corpType.other";
        };
    }
}
