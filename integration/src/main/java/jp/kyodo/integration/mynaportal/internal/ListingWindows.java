package jp.kyodo.integration.mynaportal.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each city's next マイナポータル listing starts — a watermark per city, in this server's memory.
 *
 * <p>The list API's search condition is a range of 受付 dates. Listing the whole look-back window on every poll lists
 * every application of the last days again and again; instead, after a poll that took everything it listed, the
 * next one starts at that poll's date minus an overlap ({@code kyodo.integration.mynaportal.overlap-days}) — room for
 * an application that shows up in the listing later than its 受付 date. If a listed application could not be taken
 * (the partner or the database failed for it), the watermark stays at its 受付 date, so the next listings still
 * cover it. Every {@code full-listing-seconds} the listing covers the whole look-back window again, which bounds how
 * late an application that arrives later than the overlap allows is taken. The idempotent consumer still guards
 * every number: the window decides only what is listed, never what is received twice.
 *
 * <p>Kept in memory per server: a restarted server, or another server, starts with a full listing — safe, only
 * the cost of one full listing.
 */
public final class ListingWindows {

    /** One listing: its 受付 date range, and whether it is a full one (the whole look-back window). */
    public record Listing(LocalDate from, LocalDate to, boolean full) {
    }

    private record Window(LocalDate watermark, Instant fullAt) {
    }

    private final Map<UUID, Window> windows = new ConcurrentHashMap<>();

    /** The listing the city's poll should ask for now. */
    public Listing next(UUID city, LocalDate today, Instant now, int lookbackDays, int overlapDays, long fullSeconds) {
        LocalDate floor = today.minusDays(lookbackDays);
        Window w = windows.get(city);
        if (w == null || fullSeconds <= 0 || !w.fullAt().plusSeconds(fullSeconds).isAfter(now)) {
            return new Listing(floor, today, true);
        }
        LocalDate from = w.watermark().minusDays(Math.max(0, overlapDays));
        return from.isAfter(floor) ? new Listing(from, today, false) : new Listing(floor, today, false);
    }

    /**
     * After a poll that listed {@code listing}, started at {@code startedAt}: the 受付 dates of the listed applications
     * it could not take (neither received nor parked as a dead letter; null = a date that could not be read). The
     * watermark becomes the listing's last date, or the oldest of those dates (the listing's first date if one is
     * unknown).
     */
    public void done(UUID city, Listing listing, Instant startedAt, Collection<LocalDate> notTaken) {
        LocalDate mark = listing.to();
        for (LocalDate d : notTaken) {
            LocalDate day = d == null ? listing.from() : d;
            if (day.isBefore(mark)) {
                mark = day;
            }
        }
        Window before = windows.get(city);
        Instant fullAt = listing.full() || before == null ? startedAt : before.fullAt();
        windows.put(city, new Window(mark, fullAt));
    }
}
