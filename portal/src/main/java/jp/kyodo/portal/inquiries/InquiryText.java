package jp.kyodo.portal.inquiries;

import java.util.Map;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Category;

/** The English for the inquiry pages' words that come from the case module in Japanese: categories and statuses. */
final class InquiryText {

    private InquiryText() {
    }

    private static final Map<Category, String> CATEGORIES = Map.of(
            Category.PROCEDURES, "Notifications and certificates (residence record, family register, My Number)",
            Category.CHILDCARE, "Children and education",
            Category.TAX, "Taxes",
            Category.INSURANCE, "Health insurance and pension",
            Category.WELFARE, "Welfare and care",
            Category.WASTE, "Waste and environment",
            Category.OTHER, "Other");

    private static final Map<CaseStatus, String> STATUSES = Map.of(
            CaseStatus.NEW, "Received",
            CaseStatus.ASSIGNED, "In progress",
            CaseStatus.WAITING_FOR_CITIZEN, "Answered (waiting for your reply)",
            CaseStatus.ESCALATED, "In progress at the responsible department",
            CaseStatus.RESOLVED, "Answered",
            CaseStatus.CLOSED, "Closed");

    static String category(Category c, boolean en) {
        return en ? CATEGORIES.getOrDefault(c, c.label()) : c.label();
    }

    static String category(String code, boolean en) {
        return en ? Category.of(code).map(c -> category(c, true)).orElse(Category.labelOf(code)) : Category.labelOf(code);
    }

    static String status(CaseStatus s, boolean en) {
        return en ? STATUSES.getOrDefault(s, s.citizenLabel()) : s.citizenLabel();
    }
}
