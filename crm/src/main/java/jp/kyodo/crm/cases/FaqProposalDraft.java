package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A proposal to improve the FAQ from a case: a new entry (question and answer), or another phrasing of the question
 * of an existing entry ({@code entryId}).
 */
public record FaqProposalDraft(
        @NotNull(message = "提案の種類を選んでください") FaqProposal.Kind kind,
        @Size(max = 200) String entryId,
        @NotBlank(message = "FAQの質問文を入力してください") @Size(max = 500, message = "質問文は500文字以内です") String question,
        @Size(max = 4000, message = "回答は4000文字以内です") String answer) {
}
