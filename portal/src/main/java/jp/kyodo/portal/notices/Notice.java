package jp.kyodo.portal.notices;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A notice (お知らせ) of a city. */
public record Notice(UUID id, String title, String body, String category, boolean published,
                     OffsetDateTime publishedAt, String createdBy, OffsetDateTime updatedAt, int version) {
}
