package jp.kyodo.tenant.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import jp.kyodo.tenant.internal.BodyLimitFilter;
import org.junit.jupiter.api.Test;

class RefusedBodyGuardTest {

    static final BooleanSupplier SIGNED_IN = () -> true;
    static final BooleanSupplier VISITOR = () -> false;
    static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("the session is looked at only for a body above the visitor's limit");
    };

    @Test
    void aBodyWithoutALengthIsKeptFromTheContainer() {
        assertTrue(RefusedBodyGuard.refused(-1, true, "application/x-www-form-urlencoded", "/c/341002/ask", NOT_ASKED));
        assertTrue(RefusedBodyGuard.refused(-1, true, "multipart/form-data; boundary=x", "/c/341002/inquiries/new", NOT_ASKED));
        assertFalse(RefusedBodyGuard.refused(-1, false, null, "/c/341002/ask", NOT_ASKED), "no body at all (a GET)");
    }

    @Test
    void aDeclaredLengthAboveTheLargestLimitIsKeptFromTheContainer() {
        assertTrue(RefusedBodyGuard.refused((1L << 20) + 1, false, "application/x-www-form-urlencoded", "/c/341002/ask", SIGNED_IN));
        assertFalse(RefusedBodyGuard.refused(1L << 20, false, "application/x-www-form-urlencoded", "/c/341002/ask", NOT_ASKED));
        long files = BodyLimitFilter.multipartLimit();
        assertFalse(RefusedBodyGuard.refused(files, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new", SIGNED_IN),
                "files of a signed-in person: the page decides after sign-in");
        assertTrue(RefusedBodyGuard.refused(files + 1, false, "Multipart/Form-Data; boundary=x", "/c/341002/inquiries/new", SIGNED_IN));
        assertTrue(RefusedBodyGuard.refused(64_000_000L, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new", SIGNED_IN));
    }

    @Test
    void aVisitorsBodyAboveOneMebibyteIsKeptFromTheContainerEvenWhereFilesAreAllowed() {
        long files = BodyLimitFilter.multipartLimit();
        for (long length : new long[] {(1L << 20) + 1, 8L << 20, files}) {
            assertTrue(RefusedBodyGuard.refused(length, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new", VISITOR),
                    "a visitor's multipart body of " + length + " bytes is never parsed");
        }
        assertFalse(RefusedBodyGuard.refused(1L << 20, false, "multipart/form-data; boundary=x", "/c/341002/inquiries/new", NOT_ASKED),
                "a visitor's body up to 1 MiB reaches the page (which asks for a sign-in)");
    }
}
