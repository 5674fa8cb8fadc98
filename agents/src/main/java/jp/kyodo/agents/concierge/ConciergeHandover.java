package jp.kyodo.agents.concierge;

import jakarta.json.JsonArray;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A question handed over to a person of the city (引き継ぎ), for the operators' queue.
 *
 * @param reason              PERSON_REQUESTED, LOW_CONFIDENCE or NO_KNOWLEDGE
 * @param suggestedDepartment the department of the closest knowledge entry, or null
 * @param askedBy             the display name of the signed-in person who asked (found by their subject id), "（退会したアカウント）"
 *                            when that account is no longer in the city, or {@code anonymous}
 * @param transcript          the exchange: [{"role":"citizen"|"concierge","text":…,"related":[…]}]
 */
public record ConciergeHandover(UUID id, String receptionNumber, String question, String reason, String language,
                                String suggestedDepartment, String askedBy, OffsetDateTime createdAt, String status,
                                JsonArray transcript) {
}
