package jp.kyodo.agents.programmes;

import java.time.OffsetDateTime;

/**
 * One saved version of a programme.
 *
 * @param version   1, 2, 3 …
 * @param status    PUBLISHED (what citizens see), DRAFT (newer than the published one) or SUPERSEDED (older)
 * @param author    user name of who saved it ("kyodo" for a shipped template)
 * @param createdAt when it was saved
 * @param comment   the author's comment
 * @param yaml      the whole template text
 */
public record ProgrammeVersion(int version, String status, String author, OffsetDateTime createdAt, String comment,
                               String yaml) { }
