package jp.kyodo.agents.concierge;

import java.util.UUID;

/**
 * A CDI event: the concierge handed a question over to a person (引き継ぎ). Fired synchronously inside the transaction
 * that stored the hand-over, so an observer that writes (the contact centre opening a case) commits or rolls back with
 * it. The city is the one bound to the current request.
 *
 * @param handoverId          the stored hand-over
 * @param receptionNumber     the city's reception number (受付番号) the citizen was given, e.g. {@code 2026-000123}
 * @param question            what the citizen asked
 * @param transcriptJson      the conversation as a JSON array of {@code {"role", "text", …}} objects
 * @param language            language of the question
 * @param suggestedDepartment the department of the best knowledge hit, or null
 * @param askedBy             the citizen's user name in this city, or {@code anonymous} (text for people to read)
 * @param askedBySubject      the signed-in citizen's immutable Keycloak subject id ({@code sub}), or null for a person
 *                            without a sign-in: the case belongs to it, never to the user name
 * @param reason              why: PERSON_REQUESTED, LOW_CONFIDENCE or NO_KNOWLEDGE
 * @param contactName         for a person who is not signed in: the name they gave, or null
 * @param contactEmail        … their e-mail address, or null
 * @param contactPhone        … their telephone number, or null
 * @param followUp            the observer that opens the case puts here the secret link by which a person without an
 *                            account follows it (when they left an e-mail address)
 */
public record HandoverRequested(UUID handoverId, String receptionNumber, String question, String transcriptJson,
                                String language, String suggestedDepartment, String askedBy, String askedBySubject, String reason,
                                String contactName, String contactEmail, String contactPhone,
                                java.util.concurrent.atomic.AtomicReference<String> followUp) {
    public HandoverRequested {
        followUp = followUp == null ? new java.util.concurrent.atomic.AtomicReference<>() : followUp;
    }
}
