package jp.kyodo.integration.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a city's マイナポータル poll is due: at its interval, give or take half a poll tick. */
class PollDueTest {

    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aCityNeverPolledIsDue() {
        assertTrue(IntegrationRuntime.due(null, 60, 2, T));
    }

    @Test
    void aTickArrivingAMomentBeforeTheIntervalEndsStillPolls() {
        // 1 s interval, 1 s tick: the next tick comes a little less than 1 s after the poll started (the poll's own
        // start was dispatched later than the tick) — it polls, instead of leaving the city for one more tick
        assertTrue(IntegrationRuntime.due(T, 1, 1, T.plusMillis(980)));
        assertTrue(IntegrationRuntime.due(T, 60, 2, T.plusSeconds(59)));
    }

    @Test
    void wellBeforeItsIntervalACityIsNotDue() {
        assertFalse(IntegrationRuntime.due(T, 1, 1, T.plusMillis(400)));
        assertFalse(IntegrationRuntime.due(T, 60, 2, T.plusMillis(58_900)));
        assertFalse(IntegrationRuntime.due(T, 60, 0, T.plusMillis(59_999)));
    }
}
