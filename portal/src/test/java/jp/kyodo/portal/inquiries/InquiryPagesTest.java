package jp.kyodo.portal.inquiries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import gg.jte.output.StringOutput;
import java.util.List;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.Text;
import org.junit.jupiter.api.Test;

class InquiryPagesTest {

    @Test
    void validationSpeaksThePagesLanguageInFormOrder() {
        FormState ja = InquiryPages.validate(PortalPages.MESSAGES.in("ja"), "", " ", "");
        assertEquals(List.of("category", "subject", "message"), List.copyOf(ja.errors().keySet()));
        assertEquals("件名を入力してください。", text(ja.error("subject")));
        FormState en = InquiryPages.validate(PortalPages.MESSAGES.in("en"), "waste", "x".repeat(101), "ok");
        assertEquals("The subject must be 100 characters or fewer (it is 101 now).", text(en.error("subject")));
        assertEquals("x".repeat(101), en.value("subject"), "typed value kept");
        for (String tag : Languages.TAGS) {
            FormState f = InquiryPages.validate(PortalPages.MESSAGES.in(tag), "nope", "", "");
            f.errors().values().forEach(m -> assertFalse(text(m).startsWith("["), tag + ": " + text(m)));
        }
    }

    @Test
    void aChosenFileIsSaidToBeLostWhenTheFormComesBack() {
        Text t = PortalPages.MESSAGES.in("en");
        FormState f = InquiryPages.withFileNote(t, FormState.empty(), List.of(new Upload("scan.pdf", 1, new byte[] {1})));
        assertEquals("The file you chose (scan.pdf) was not sent yet. Please choose it again.", text(f.error("file")));
        assertFalse(InquiryPages.withFileNote(t, FormState.empty(), List.of()).hasErrors());
    }

    @Test
    void everyCategoryAndStatusHasItsWordsInEachLanguage() {
        for (String tag : Languages.TAGS) {
            Text t = PortalPages.MESSAGES.in(tag);
            for (Category c : Category.values()) {
                assertFalse(t.lookup(InquiryText.categoryKey(c)).startsWith("["), c::name);
            }
            for (CaseStatus s : CaseStatus.values()) {
                assertFalse(t.lookup(InquiryText.statusKey(s)).startsWith("["), s::name);
            }
        }
        Text ja = PortalPages.MESSAGES.in("ja");
        for (Category c : Category.values()) {
            assertEquals(c.label(), ja.lookup(InquiryText.categoryKey(c)), "Japanese as the case module has it");
        }
        for (CaseStatus s : CaseStatus.values()) {
            assertEquals(s.citizenLabel(), ja.lookup(InquiryText.statusKey(s)));
        }
        assertTrue(text(InquiryText.category(ja, "staff-made")).contains("lang=\"ja\""), "an unknown code stays as it is, marked");
    }

    static String text(Content c) {
        StringOutput out = new StringOutput();
        c.writeTo(new gg.jte.html.OwaspHtmlTemplateOutput(out));
        return out.toString();
    }
}
