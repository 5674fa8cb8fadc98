package jp.kyodo.portal.inquiries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.util.Map;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Category;
import org.junit.jupiter.api.Test;

class InquiryPagesTest {

    @Test
    void validationSpeaksThePagesLanguage() {
        assertEquals(Map.of("category", "分類を選んでください。", "subject", "件名を入力してください。", "message",
                "お問い合わせ内容を入力してください。"), InquiryPages.validate("", " ", ""));
        assertEquals(Map.of("category", "Choose a topic.", "subject", "Enter a subject.", "message", "Enter your question."),
                InquiryPages.validate("", " ", "", true));
        assertEquals("The subject must be 100 characters or fewer (it is 101 now).",
                InquiryPages.validate("waste", "x".repeat(101), "ok", true).get("subject"));
    }

    @Test
    void datesAreWarekiInJapaneseAndSeirekiInEnglish() {
        OffsetDateTime t = OffsetDateTime.parse("2026-11-22T16:30:00Z"); // 2026-11-23 01:30 in Japan
        assertEquals("令和8年11月23日", InquiryPages.date(t));
        assertEquals("2026-11-23", InquiryPages.date(t, true));
    }

    @Test
    void everyCategoryAndStatusHasItsEnglish() {
        for (Category c : Category.values()) {
            assertEquals(true, !InquiryText.category(c, true).equals(c.label()) && InquiryText.category(c, true).matches("[ -~]+"),
                    c::name);
            assertEquals(c.label(), InquiryText.category(c, false));
        }
        for (CaseStatus s : CaseStatus.values()) {
            assertEquals(true, InquiryText.status(s, true).matches("[ -~]+"), s::name);
            assertEquals(s.citizenLabel(), InquiryText.status(s, false));
        }
    }
}
