package jp.kyodo.agents.lifeevents;

import jp.kyodo.agents.lifeevents.internal.AbandonedBundles;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A CDI event: a life-event bundle needs a person of the city (issue 13, item 8) — its owner pressed 「相談したい」
 * ({@code ASKED}) or left it without activity ({@code ABANDONED}, {@link AbandonedBundles}). Fired synchronously inside
 * the transaction that marks the bundle, so the contact centre's case and the mark commit or roll back together. The
 * city is the one bound to the current request or job.
 *
 * @param bundle          the bundle's id (the operator view is {@code /c/<code>/staff/life-events/<bundle>})
 * @param ownerSubject    the owner's Keycloak subject id: the case belongs to it
 * @param ownerUsername   the owner's user name when they asked themselves, else null
 * @param reason          {@code ASKED} or {@code ABANDONED}
 * @param subject         a one-line subject for the case (the bundle's name and the reason)
 * @param summary         the bundle as text for the case's timeline: the event, the answers given, the drafts prepared,
 *                        the open question (no values taken from the record)
 * @param caseReference   the observer that opens the case puts its reception number here
 */
public record BundleHelpRequested(UUID bundle, String ownerSubject, String ownerUsername, String reason, String subject,
                                  String summary, AtomicReference<String> caseReference) {
    public BundleHelpRequested {
        caseReference = caseReference == null ? new AtomicReference<>() : caseReference;
    }
}
