package jp.kyodo.crm.notifications;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One message in a citizen's portal inbox.
 *
 * @param link path in the portal to follow up, or null
 * @param readAt when the citizen marked it read, null = unread
 */
public record InboxMessage(UUID id, String subject, String text, String link, OffsetDateTime createdAt,
                           OffsetDateTime readAt) {
    public boolean unread() {
        return readAt == null;
    }
}
