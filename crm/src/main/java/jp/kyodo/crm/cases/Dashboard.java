package jp.kyodo.crm.cases;

import java.util.List;

/**
 * The contact centre at a glance.
 *
 * @param queues                         every queue with its counts
 * @param open                           cases needing work now
 * @param breachedOpen                   open cases past their response target with no response
 * @param nearBreach                     open cases due within the hour (or the last quarter of their window)
 * @param answeredLate30Days             cases first answered after their target, last 30 days
 * @param firstResponses30Days           cases first answered in the last 30 days
 * @param medianFirstResponseMinutes     median minutes from reception to first response over those, or null
 */
public record Dashboard(List<QueueView> queues, long open, long breachedOpen, long nearBreach, long answeredLate30Days,
                        long firstResponses30Days, Double medianFirstResponseMinutes) {
}
