package jp.kyodo.portal.inquiries;

import gg.jte.Content;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/** The inquiry pages' words for what the case module names in Japanese: categories and statuses, from the bundle. */
final class InquiryText {

    private InquiryText() {
    }

    static String categoryKey(Category c) {
        return switch (c) {
            case PROCEDURES -> "inquiry.category.procedures";
            case CHILDCARE -> "inquiry.category.childcare";
            case TAX -> "inquiry.category.tax";
            case INSURANCE -> "inquiry.category.insurance";
            case WELFARE -> "inquiry.category.welfare";
            case WASTE -> "inquiry.category.waste";
            case OTHER -> "inquiry.category.other";
        };
    }

    /** A case's category in the page's words; one the pages do not know (a staff-made code) as the case has it. */
    static Content category(Text t, String code) {
        return Category.of(code).map(c -> t.t(categoryKey(c))).orElse(Ui.japanese(Category.labelOf(code)));
    }

    static String statusKey(CaseStatus s) {
        return switch (s) {
            case NEW -> "inquiry.status.new";
            case ASSIGNED -> "inquiry.status.assigned";
            case WAITING_FOR_CITIZEN -> "inquiry.status.waiting";
            case ESCALATED -> "inquiry.status.escalated";
            case RESOLVED -> "inquiry.status.resolved";
            case CLOSED -> "inquiry.status.closed";
        };
    }
}
