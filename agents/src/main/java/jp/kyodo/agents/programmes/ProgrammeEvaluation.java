package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.List;

/**
 * Evaluation of one programme for one household as of a date.
 *
 * @param programmeId    制度番号
 * @param programmeName  制度名
 * @param asOf           evaluation date
 * @param status         eligible / not eligible / unknown / error (判定できません)
 * @param amount         estimated monthly amount ({@link MonthlyAmount#ZERO} when not eligible; null when unknown,
 *                       error, or the programme has no amount)
 * @param conditions     every condition with its outcome and Japanese label
 * @param missingInputs  labels of inputs needed to decide (status UNKNOWN)
 * @param errorMessage   message for the admin when status is ERROR
 * @param deadline       申請期限 (from the registry)
 * @param channels       how to apply (from the registry)
 * @param requiredDocuments documents to bring (from the registry)
 */
public record ProgrammeEvaluation(String programmeId, String programmeName, LocalDate asOf, EligibilityStatus status,
                                  MonthlyAmount amount, List<ConditionResult> conditions, List<String> missingInputs,
                                  String errorMessage, String deadline, List<Programme.Channel> channels,
                                  List<Programme.Evidence> requiredDocuments) {

    public ProgrammeEvaluation {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        missingInputs = missingInputs == null ? List.of() : List.copyOf(missingInputs);
        channels = channels == null ? List.of() : List.copyOf(channels);
        requiredDocuments = requiredDocuments == null ? List.of() : List.copyOf(requiredDocuments);
    }

    /** Labels of the conditions that matched. */
    public List<String> matchedLabels() {
        return conditions.stream().filter(ConditionResult::matched).map(ConditionResult::label).toList();
    }

    /** Labels of the conditions that did not match. */
    public List<String> unmatchedLabels() {
        return conditions.stream().filter(c -> c.outcome() == ConditionResult.Outcome.NOT_MATCHED)
                .map(ConditionResult::label).toList();
    }

    /** Outcome of the condition with the given id, if present. */
    public java.util.Optional<ConditionResult> condition(String id) {
        return conditions.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
