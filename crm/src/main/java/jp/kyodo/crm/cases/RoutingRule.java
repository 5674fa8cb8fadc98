package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A routing rule (振り分けルール) of the city. Every condition given must hold: the category equals, any one of the
 * keywords occurs in the inquiry's text, any one of the department words occurs in the concierge's suggested
 * department. A rule with no condition matches everything. The first matching rule by position picks the queue (and,
 * when set, raises the priority). {@code id} identifies a stored rule (null in a new one).
 */
public record RoutingRule(
        int position,
        @Size(max = 40, message = "分類は40文字以内です") String category,
        @Size(max = 20, message = "キーワードは20個までです")
        List<@Size(max = 40, message = "キーワードは1つ40文字以内です") String> keywords,
        @Size(max = 20, message = "担当課の語は20個までです")
        List<@Size(max = 40, message = "担当課の語は1つ40文字以内です") String> departmentWords,
        Priority priority,
        @NotBlank(message = "振り分け先の窓口を選んでください")
        @Pattern(regexp = "[a-z0-9-]{0,40}", message = "窓口コードは英小文字・数字・ハイフンです") String queueCode,
        UUID id) {

    public RoutingRule {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        departmentWords = departmentWords == null ? List.of() : List.copyOf(departmentWords);
    }
}
