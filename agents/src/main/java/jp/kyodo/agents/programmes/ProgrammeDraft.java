package jp.kyodo.agents.programmes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A programme text to save as a new version (or to create a programme, or to validate).
 *
 * @param yaml    the whole template in YAML (registry fields and the {@code eligibility:} rule)
 * @param comment what changed and why (変更理由)
 */
public record ProgrammeDraft(
        @NotBlank(message = "制度の内容（YAML）を入力してください") @Size(max = 200_000, message = "200,000文字以内です") String yaml,
        @Size(max = 2000, message = "コメントは2000文字以内です") String comment) { }
