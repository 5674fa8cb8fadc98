package jp.kyodo.agents.lifeevents;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A bundle as the city's operator sees it once it became a case (issue 13, item 8): the event, why it became a case,
 * the answers the person gave (with who gave each: the person or an operator on their behalf), the open question, the
 * plan's steps with the drafts prepared, and the photo proposals waiting for the person. No value from the person's
 * record is shown (the operator opens the citizen's record through the case, which is audited there).
 */
public record OperatorView(String id, String bundleId, String name, String nameEn, String reason, OffsetDateTime helpAt,
                           String caseReference, List<Answer> answers, BundleView.QuestionView question,
                           List<Step> steps, List<String> photoProposals, boolean draftsPrepared,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /**
     * One answer: the question's words, the value, and whether an operator recorded it for the person;
     * {@code valueLabel}/{@code valueLabelEn}: the chosen option's words for a choice (null otherwise), so that staff
     * read 「厚生年金・健康保険（会社）」 and not {@code kosei}.
     */
    public record Answer(String question, String ask, String askEn, String value, String valueLabel, String valueLabelEn,
                         boolean byOperator) {
    }

    /** One step of the plan in filing order, and the draft prepared for it (null when none). */
    public record Step(String name, String nameEn, String state, String application) {
    }
}
