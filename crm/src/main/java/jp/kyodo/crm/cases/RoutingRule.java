package jp.kyodo.crm.cases;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A routing rule (振り分けルール) of the city. Every condition given must hold: the category equals, any one of the
 * keywords occurs in the inquiry's text, any one of the department words occurs in the concierge's suggested
 * department. A rule with no condition matches everything. The first matching rule by position picks the queue (and,
 * when set, raises the priority).
 */
public record RoutingRule(
        int position,
        @Size(max = 40) String category,
        @Size(max = 20) List<@Size(max = 40) String> keywords,
        @Size(max = 20) List<@Size(max = 40) String> departmentWords,
        Priority priority,
        @NotBlank @Pattern(regexp = "[a-z0-9-]{1,40}", message = "窓口コードは英小文字・数字・ハイフンです") String queueCode) {

    public RoutingRule {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        departmentWords = departmentWords == null ? List.of() : List.copyOf(departmentWords);
    }
}
