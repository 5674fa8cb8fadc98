package jp.kyodo.agents.lifeevents;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A citizen's bundle as the API shows it: the one question to answer now (null when none is left), the answers given,
 * what was taken from the record instead of asking, every step in filing order with the values it sets and where
 * they come from, the drafts prepared, every tool call the agent made, and what a certificate photo proposed.
 *
 * @param status ASKING (a question is open), READY (drafts can be prepared), PREPARED (every draft is there)
 */
public record BundleView(String id, String bundle, String name, String nameEn, String status, QuestionView question,
                         Map<String, String> answers, Map<String, String> known, List<StepView> steps,
                         List<ToolCallView> toolCalls, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                         PhotoView photo, HelpView help) {

    /**
     * The case the bundle became (issue 13, item 8), null when none: {@code ASKED} (the person asked for help) or
     * {@code ABANDONED}, its reception number (受付番号), and which answers an operator recorded for the person.
     */
    public record HelpView(String reason, String caseReference, OffsetDateTime at, List<String> answeredByOperator) {
    }

    /**
     * Reading a certificate photo: whether it is available here, the kind of the last document read
     * ({@code birth-certificate}, {@code health-insurance}, {@code boshi-techo} or null), how many answers it proposed,
     * and the proposals still waiting for the person (question → value, {@code from: photo}). A proposal is never an
     * answer: it becomes one only when the person answers the question with it (and goes away when they answer).
     */
    public record PhotoView(boolean available, String document, int lastRead, Map<String, String> proposals) {
    }

    public record QuestionView(String id, String ask, String askEn, String type, List<BundleDefinition.Option> options) {
    }

    /** A value the step sets; {@code from}: {@code answer:<question>}, {@code record:<fact>}, {@code bundle}. */
    public record ValueView(String field, String value, String from) {
    }

    public record StepView(String key, int order, String name, String nameEn, String at, String procedureId,
                           String subjectName, String state, String note, String noteEn, List<ValueView> values,
                           DraftView application) {
    }

    /**
     * The draft prepared for a step: its status, what still stops a submission, the values with their source, and the
     * digest the person confirms.
     */
    public record DraftView(String id, String status, String digest, List<String> missing, List<ValueView> values) {
    }

    public record ToolCallView(String tool, String target, String outcome, OffsetDateTime at) {
    }

    /** An available bundle. */
    public record Available(String id, String name, String nameEn, String lifeEvent, String summary, List<String> tools) {
    }

    /** One of my bundles in a list. */
    public record Summary(String id, String bundle, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }
}
