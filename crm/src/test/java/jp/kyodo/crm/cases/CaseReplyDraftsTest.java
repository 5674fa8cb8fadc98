package jp.kyodo.crm.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import jp.kyodo.agents.concierge.ReplyDrafter.ThreadMessage;
import org.junit.jupiter.api.Test;

/** What of a case the model may see, and the contact link's token hash. */
class CaseReplyDraftsTest {

    private static CaseEvent event(EventKind kind, String body) {
        return new CaseEvent(UUID.randomUUID(), OffsetDateTime.now(), kind, "someone", kind.visibleToCitizen(), body);
    }

    @Test
    void onlyCitizenVisibleMessagesInOrderWithTheSubjectFirst() {
        CaseDetail d = new CaseDetail(UUID.randomUUID(), "2026-000001", Channel.WEB_FORM, "other", "件名です", null,
                Priority.NORMAL, CaseStatus.ASSIGNED, null, null, 0, null, "citizen", null, null, null, "ja", null,
                null, OffsetDateTime.now(), OffsetDateTime.now(), null, null, null, null, List.of(
                event(EventKind.RECEIVED, "受付番号 2026-000001 で受け付けました"),
                event(EventKind.CITIZEN_MESSAGE, "最初の質問"),
                event(EventKind.INTERNAL_NOTE, "内部メモ SECRET"),
                event(EventKind.CALL_NOTE, "通話メモ SECRET"),
                event(EventKind.HANDOVER, "引継ぎ SECRET"),
                event(EventKind.STAFF_REPLY, "市の回答"),
                event(EventKind.STATUS, "状況: 対応中 → 回答済み"),
                event(EventKind.CITIZEN_MESSAGE, "追加の質問")));
        List<ThreadMessage> t = CaseReplyDrafts.thread(d);
        assertEquals(List.of(new ThreadMessage(true, "件名: 件名です"), new ThreadMessage(true, "最初の質問"),
                new ThreadMessage(false, "市の回答"), new ThreadMessage(true, "追加の質問")), t);
        assertFalse(t.toString().contains("SECRET"));
    }

    @Test
    void theStoredHashIsBase64UrlSha256AndNotTheToken() {
        String token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        String h = ContactThreads.hash(token);
        assertEquals(43, h.length());
        assertTrue(h.matches("[A-Za-z0-9_-]{43}"), h);
        assertFalse(h.equals(token));
        assertEquals(h, ContactThreads.hash(token));
    }
}
