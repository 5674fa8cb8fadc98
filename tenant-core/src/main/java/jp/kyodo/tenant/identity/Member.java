package jp.kyodo.tenant.identity;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person with an account in a city: citizen, operator, staff or city administrator. */
public record Member(UUID id, String username, String displayName, String email, String role, OffsetDateTime createdAt) {
}
