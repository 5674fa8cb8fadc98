package jp.kyodo.agents.lifeevents;

/**
 * The person's own act of filing: not a tool. Only {@link LifeEventBundles#confirm} calls it, on the signed-in person's
 * explicit confirmation of the exact values they saw (the {@link Draft#digest}); the implementation submits through
 * the applications capability's own submit and records in the audit log what was confirmed.
 */
public interface PersonConfirmation {

    /** What was filed. */
    record Filed(String applicationId, String receptionNumber, String procedureName, boolean replay) {
    }

    /**
     * Submits my draft if its values still have {@code digest}; a changed draft is refused (409 {@code plan-changed}).
     *
     * @param bundleId the bundle the confirmation was given in (recorded in the audit log)
     */
    Filed submitConfirmed(String applicationId, String digest, String bundleId);
}
