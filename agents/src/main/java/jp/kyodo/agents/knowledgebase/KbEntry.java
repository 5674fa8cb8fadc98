package jp.kyodo.agents.knowledgebase;

import java.time.OffsetDateTime;

/**
 * One entry of the city's knowledge base as editors see it.
 *
 * @param kind        FAQ or DOCUMENT
 * @param status      DRAFT (the working copy is not published yet), PUBLISHED, or HIDDEN (a template the city hid)
 * @param version     the number of the latest version (every change adds one)
 * @param citizensSee whether a published copy is answered to citizens (a published entry edited again stays visible
 *                    in its published form until the draft is published)
 * @param faq         the working copy of an FAQ entry, or null for a document
 * @param document    the working copy of a document, or null for an FAQ entry
 * @param templateId  the national template the entry was adopted from, or null
 */
public record KbEntry(String id, String kind, String title, String category, String status, int version,
                      boolean citizensSee, FaqEntry faq, KnowledgeDocument document, String templateId,
                      OffsetDateTime updatedAt, String updatedBy) {
}
