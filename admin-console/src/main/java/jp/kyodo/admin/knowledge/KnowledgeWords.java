package jp.kyodo.admin.knowledge;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import jp.kyodo.agents.knowledgebase.KbEntry;

/** What the knowledge pages' templates show for the knowledge base's codes: message keys, tag kinds, paths. */
public final class KnowledgeWords {


    private KnowledgeWords() {
    }

    /** The message key of an entry's status; a draft whose earlier version citizens still see says so. */
    public static String status(KbEntry e) {
        return switch (e.status()) {
            case "PUBLISHED" -> "knowledge.status.published";
            case "HIDDEN" -> "knowledge.status.hidden";
            default -> e.citizensSee() ? "knowledge.status.draftOverPublished" : "knowledge.status.draft";
        };
    }

    /** The design system's tag kind for an entry's status. */
    public static String statusKind(KbEntry e) {
        return switch (e.status()) {
            case "PUBLISHED" -> "success";
            case "HIDDEN" -> "warning";
            default -> "info";
        };
    }

    /** The message key of a version's status (stored as PUBLISHED, DRAFT, HIDDEN …). */
    public static String versionStatus(String status) {
        return switch (status == null ? "" : status) {
            case "PUBLISHED" -> "knowledge.status.published";
            case "HIDDEN" -> "knowledge.status.hidden";
            case "DRAFT" -> "knowledge.status.draft";
            default -> "knowledge.status.other";
        };
    }

    /** The message key of what was done to make a version. */
    public static String action(String a) {
        return switch (a == null ? "" : a) {
            case "CREATE" -> "knowledge.action.create";
            case "EDIT" -> "knowledge.action.edit";
            case "PUBLISH" -> "knowledge.action.publish";
            case "UNPUBLISH" -> "knowledge.action.unpublish";
            case "HIDE" -> "knowledge.action.hide";
            case "ADOPT" -> "knowledge.action.adopt";
            case "TEMPLATE_UPDATE" -> "knowledge.action.templateUpdate";
            case "IMPORT" -> "knowledge.action.import";
            case "SEED" -> "knowledge.action.seed";
            case "DELETE" -> "knowledge.action.delete";
            default -> "knowledge.action.other";
        };
    }

    /** The message key of a national template's state in this city. */
    public static String templateState(String state) {
        return switch (state == null ? "" : state) {
            case "NOT_ADOPTED" -> "knowledge.templates.state.notAdopted";
            case "ADOPTED" -> "knowledge.templates.state.adopted";
            case "EDITED" -> "knowledge.templates.state.edited";
            default -> "knowledge.templates.state.hidden";
        };
    }

    /** The message key of the embedding model's state. */
    public static String embeddingState(String state) {
        return switch (state == null ? "" : state) {
            case "active" -> "knowledge.usage.embedding.active";
            case "unavailable" -> "knowledge.usage.embedding.unavailable";
            default -> "knowledge.usage.embedding.off";
        };
    }


    /** The start of a long text, cut at {@code max} characters with an ellipsis. */
    public static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    /** An entry id as a path segment. */
    public static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
