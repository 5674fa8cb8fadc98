package jp.kyodo.agents.concierge;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One message of a conversation with the concierge.
 *
 * @param role            {@code citizen} or {@code concierge}
 * @param outcome         for the concierge: ANSWERED or HANDOVER; null for the citizen
 * @param receptionNumber when handed over, the number a person can quote
 */
public record ConversationMessage(int seq, String role, String text, String outcome, List<ConciergeSource> sources,
                                  String receptionNumber, OffsetDateTime at) {
}
