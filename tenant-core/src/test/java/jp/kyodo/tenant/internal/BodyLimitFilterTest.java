package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import jp.kyodo.tenant.problem.ProblemException;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    @Test
    void largeLimitsOnlyAfterAuthenticationOnTheResourcesThatNeedThem() {
        assertEquals(1L << 20, BodyLimitFilter.limit("v1/cities/131016/import", false, false), "no token: 1 MiB, even for an import");
        assertEquals(1L << 20, BodyLimitFilter.limit("v1/my/inquiries", true, false), "no token: 1 MiB, even for files");
        assertEquals(64L << 20, BodyLimitFilter.limit("v1/cities/131016/import", false, true));
        assertEquals(BodyLimitFilter.multipartLimit(), BodyLimitFilter.limit("v1/my/inquiries", true, true));
        assertEquals(1L << 20, BodyLimitFilter.limit("v1/concierge/ask", false, true));
    }

    @Test
    void theCountingStreamFailsAtTheLimitWithoutReadingFurther() throws Exception {
        byte[] body = new byte[3000];
        InputStream in = new BodyLimitFilter.CappedStream(new ByteArrayInputStream(body), 1000);
        byte[] buf = new byte[512];
        assertEquals(512, in.read(buf));
        assertEquals(488, in.read(buf, 0, 488));
        ProblemException p = assertThrows(ProblemException.class, () -> in.read(buf));
        assertEquals(413, p.status());
    }

    @Test
    void anEncodedNulInTheAddressIsFound() {
        org.junit.jupiter.api.Assertions.assertTrue(BodyLimitFilter.hasNul(java.net.URI.create("/api/v1/knowledge/entries?q=a%00b")));
        org.junit.jupiter.api.Assertions.assertTrue(BodyLimitFilter.hasNul(java.net.URI.create("/api/v1/cases/x%00y")));
        org.junit.jupiter.api.Assertions.assertFalse(BodyLimitFilter.hasNul(java.net.URI.create("/api/v1/knowledge/entries?q=%E4%BD%8F%E6%B0%91")));
    }
}
