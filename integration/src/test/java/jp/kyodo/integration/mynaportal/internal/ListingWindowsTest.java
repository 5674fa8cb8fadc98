package jp.kyodo.integration.mynaportal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jp.kyodo.integration.mynaportal.internal.ListingWindows.Listing;
import org.junit.jupiter.api.Test;

class ListingWindowsTest {

    private static final UUID CITY = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private final ListingWindows w = new ListingWindows();

    private Listing next(UUID city, LocalDate today, Instant now) {
        return w.next(city, today, now, 7, 1, 3600);
    }

    @Test
    void theFirstListingIsTheWholeLookBackWindow() {
        assertEquals(new Listing(TODAY.minusDays(7), TODAY, true), next(CITY, TODAY, T0));
    }

    @Test
    void afterAListingThatTookEverythingTheNextStartsAtItsDateMinusTheOverlap() {
        w.done(CITY, next(CITY, TODAY, T0), T0, List.of());
        assertEquals(new Listing(TODAY.minusDays(1), TODAY, false), next(CITY, TODAY, T0.plusSeconds(5)));
        // the next day: from the last poll's date minus the overlap
        Listing tomorrow = next(CITY, TODAY.plusDays(1), T0.plusSeconds(600));
        assertEquals(new Listing(TODAY.minusDays(1), TODAY.plusDays(1), false), tomorrow);
        w.done(CITY, tomorrow, T0.plusSeconds(600), List.of());
        assertEquals(new Listing(TODAY, TODAY.plusDays(1), false), next(CITY, TODAY.plusDays(1), T0.plusSeconds(605)));
        // another city has its own window
        assertEquals(new Listing(TODAY.minusDays(7), TODAY, true), next(OTHER, TODAY, T0.plusSeconds(5)));
    }

    @Test
    void anApplicationNotTakenKeepsTheWindowOpenAtItsDate() {
        w.done(CITY, next(CITY, TODAY, T0), T0, List.of(TODAY.minusDays(4), TODAY.minusDays(2)));
        assertEquals(new Listing(TODAY.minusDays(5), TODAY, false), next(CITY, TODAY, T0.plusSeconds(5)));
        // a date that could not be read: the listing's first date is kept (never narrower than what was listed)
        w.done(CITY, next(CITY, TODAY, T0.plusSeconds(5)), T0.plusSeconds(5), Arrays.asList((LocalDate) null));
        assertEquals(new Listing(TODAY.minusDays(6), TODAY, false), next(CITY, TODAY, T0.plusSeconds(10)));
    }

    @Test
    void neverBeforeTheLookBackWindowAndAFullListingAgainWhenItIsDue() {
        w.done(CITY, next(CITY, TODAY, T0), T0, List.of(TODAY.minusDays(7)));
        assertEquals(new Listing(TODAY.minusDays(7), TODAY, false), next(CITY, TODAY, T0.plusSeconds(5)));
        w.done(CITY, next(CITY, TODAY, T0.plusSeconds(5)), T0.plusSeconds(5), List.of());
        assertEquals(new Listing(TODAY.minusDays(1), TODAY, false), next(CITY, TODAY, T0.plusSeconds(3599)));
        // an hour after the last full listing (not after the last listing): full again
        assertEquals(new Listing(TODAY.minusDays(7), TODAY, true), next(CITY, TODAY, T0.plusSeconds(3600)));
        // 0 s: every listing full, as before
        assertEquals(new Listing(TODAY.minusDays(7), TODAY, true), w.next(CITY, TODAY, T0.plusSeconds(6), 7, 1, 0));
    }
}
