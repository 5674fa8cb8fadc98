package jp.kyodo.crm.cases.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.RoutingRule;

/** A routing rule of the city; word lists are stored one word per line. */
@Entity
@Table(name = "case_routing_rule")
public class RoutingRuleRow {
    @Id
    public UUID id;
    @Column(name = "tenant_id", insertable = false, updatable = false)
    public UUID tenantId;
    public int position;
    public String category;
    public String keywords;
    @Column(name = "suggested_department")
    public String suggestedDepartment;
    public String priority;
    @Column(name = "queue_id")
    public UUID queueId;

    public RoutingRule toRule(String queueCode) {
        return new RoutingRule(position, category, words(keywords), words(suggestedDepartment),
                priority == null ? null : Priority.valueOf(priority), queueCode, id);
    }

    public static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of()
                : Arrays.stream(s.split("\n")).map(String::strip).filter(w -> !w.isEmpty()).toList();
    }

    public static String join(List<String> words) {
        if (words == null) {
            return null;
        }
        String s = String.join("\n", words.stream().map(String::strip).filter(w -> !w.isEmpty()).toList());
        return s.isEmpty() ? null : s;
    }
}
