package jp.kyodo.tenant.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jp.kyodo.tenant.internal.BodyLimitFilter;
import org.junit.jupiter.api.Test;

class RefusedBodyGuardTest {

    @Test
    void aBodyWithoutALengthIsKeptFromTheContainer() {
        assertTrue(RefusedBodyGuard.refused(-1, true, "application/x-www-form-urlencoded", "/c/341002/ask"));
        assertTrue(RefusedBodyGuard.refused(-1, true, "multipart/form-data; boundary=x", "/c/341002/inquiries/new"));
        assertFalse(RefusedBodyGuard.refused(-1, false, null, "/c/341002/ask"), "no body at all (a GET)");
    }

    @Test
    void aDeclaredLengthAboveTheLargestLimitIsKeptFromTheContainer() {
        assertTrue(RefusedBodyGuard.refused((1L << 20) + 1, false, "application/x-www-form-urlencoded", "/c/341002/ask"));
        assertFalse(RefusedBodyGuard.refused(1L << 20, false, "application/x-www-form-urlencoded", "/c/341002/ask"));
        long files = BodyLimitFilter.multipartLimit();
        assertFalse(RefusedBodyGuard.refused(files, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new"),
                "files of a signed-in person: the page decides after sign-in");
        assertTrue(RefusedBodyGuard.refused(files + 1, false, "Multipart/Form-Data; boundary=x", "/c/341002/inquiries/new"));
        assertTrue(RefusedBodyGuard.refused(64_000_000L, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new"));
    }
}
