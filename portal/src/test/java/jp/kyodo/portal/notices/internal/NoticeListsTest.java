package jp.kyodo.portal.notices.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.kyodo.portal.notices.Notice;
import org.junit.jupiter.api.Test;

class NoticeListsTest {

    static Notice notice(String title, int bodyChars) {
        return new Notice(UUID.randomUUID(), title, "x".repeat(bodyChars), "general", true, null, "it", null, 1);
    }

    @Test
    void aListIsAnsweredOnlyForItsCityItsKindAndItsVersion() {
        NoticeLists lists = new NoticeLists();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<Notice> published = List.of(notice("A", 10));
        lists.put(a, true, 7, published);
        assertEquals(published, lists.get(a, true, 7));
        assertNull(lists.get(a, true, 8), "another version: read again");
        assertNull(lists.get(a, false, 7), "the staff's list is another list");
        assertNull(lists.get(b, true, 7), "never another city's list, whatever its version");
        lists.put(a, true, 9, List.of());
        assertNull(lists.get(a, true, 7), "replaced");
        assertEquals(List.of(), lists.get(a, true, 9));
        lists.put(a, false, 9, published);
        lists.forget(a);
        assertNull(lists.get(a, true, 9));
        assertNull(lists.get(a, false, 9));
        assertEquals(0, lists.size());
        assertEquals(0, lists.chars());
    }

    @Test
    void theCopiesAreBounded() {
        NoticeLists lists = new NoticeLists();
        for (int i = 0; i < NoticeLists.MAX_ENTRIES + 100; i++) {
            lists.put(UUID.randomUUID(), i % 2 == 0, i, List.of(notice("n", 10)));
        }
        assertTrue(lists.size() <= NoticeLists.MAX_ENTRIES, "entries " + lists.size());
        UUID big = UUID.randomUUID();
        lists.put(big, true, 1, List.of(notice("big", (int) NoticeLists.MAX_LIST_CHARS)));
        assertNull(lists.get(big, true, 1), "a list over the per-list bound is not kept");
        List<Notice> large = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            large.add(notice("l" + i, 19_000));
        }
        for (int i = 0; i < 40; i++) {
            lists.put(UUID.randomUUID(), true, i, large);
            assertTrue(lists.chars() <= NoticeLists.MAX_CHARS, "chars " + lists.chars());
        }
    }
}
