package jp.kyodo.agents.knowledgebase;

import java.util.List;

/**
 * A national template seen from the city.
 *
 * @param state   NOT_ADOPTED, ADOPTED (as the template says), EDITED (the city's own version), HIDDEN
 * @param updated whether the template changed in this release since the city adopted it; {@code changes} lists how
 */
public record TemplateStatus(String templateId, String question, String state, boolean updated,
                             List<FieldChange> changes) {

    /** A field of the template as the city adopted it ({@code before}) and as this release has it ({@code after}). */
    public record FieldChange(String field, String before, String after) {
    }
}
