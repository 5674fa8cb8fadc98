package jp.kyodo.agents.lifeevents.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.agents.lifeevents.AgentTool;
import jp.kyodo.agents.lifeevents.BundleDefinition;
import jp.kyodo.agents.lifeevents.BundleDefinition.Condition;
import jp.kyodo.agents.lifeevents.BundleDefinition.Question;
import jp.kyodo.agents.lifeevents.BundleDefinition.Step;
import jp.kyodo.agents.lifeevents.InvalidBundle;

/**
 * Reads and checks bundle definitions: unknown keys, unknown tools (a bundle cannot ask for a tool that does not
 * exist, such as "submit"), questions referred to but not defined, a condition on a later question, duplicate ids.
 */
public final class BundleReader {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9-]{0,39}");
    private static final Pattern FORM_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\[(\\d{1,2}|newborn|\\*)])?\\.[A-Za-z][A-Za-z0-9]*");
    /** Facts the citizen's record gives (AgentTools.readMyRecord) and the ones the planner derives from them. */
    static final Set<String> FACTS = Set.of("profile.fullName", "profile.phone", "profile.postalCode", "profile.address",
            "profile.birthDate", "household.children", "household.newborn.id", "household.newborn.fullName",
            "household.newborn.birthDate", "household.olderChildren");

    private BundleReader() {
    }

    public static BundleDefinition read(String source, InputStream in) {
        BundleDefinition d;
        try {
            d = YAML.readValue(in, BundleDefinition.class);
        } catch (IOException e) {
            throw new InvalidBundle(source, List.of(e.getMessage().lines().findFirst().orElse("unreadable")));
        }
        List<String> problems = check(d);
        if (!problems.isEmpty()) {
            throw new InvalidBundle(source, problems);
        }
        return d;
    }

    static List<String> check(BundleDefinition d) {
        List<String> p = new ArrayList<>();
        if (d == null) {
            return List.of("empty");
        }
        if (d.id() == null || !ID.matcher(d.id()).matches()) {
            p.add("id: missing or not [a-z][a-zA-Z0-9-]*");
        }
        if (blank(d.name()) || blank(d.nameEn())) {
            p.add("name, nameEn: required");
        }
        if (d.tools() == null || d.tools().isEmpty()) {
            p.add("tools: declare the tools the agent may use");
        } else {
            for (String t : d.tools()) {
                if (AgentTool.of(t).isEmpty()) {
                    p.add("tools: \"" + t + "\" is not a tool an agent can have (" + List.of(AgentTool.values()) + ")");
                }
            }
        }
        p.addAll(SaidWords.problems(d.said()));
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Question> qs = d.questions() == null ? List.of() : d.questions();
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            String at = "questions[" + i + "]";
            if (q.id() == null || !ID.matcher(q.id()).matches()) {
                p.add(at + ".id: missing or not [a-z][a-zA-Z0-9-]*");
                continue;
            }
            if (index.put(q.id(), i) != null) {
                p.add(at + ".id: duplicate \"" + q.id() + "\"");
            }
            if (blank(q.ask()) || blank(q.askEn())) {
                p.add(at + ": ask and askEn are required");
            }
            if (q.type() == null) {
                p.add(at + ".type: one of text, date, choice, yesno, phone, number");
            } else if (q.type() == BundleDefinition.Type.CHOICE && (q.options() == null || q.options().isEmpty())) {
                p.add(at + ".options: a choice needs options");
            }
            if (q.known() != null && !FACTS.contains(q.known())) {
                p.add(at + ".known: unknown fact \"" + q.known() + "\"");
            }
            if (q.photo() != null && !jp.kyodo.agents.lifeevents.CertificateFields.FIELDS.contains(q.photo())) {
                p.add(at + ".photo: unknown field of a certificate photo \"" + q.photo() + "\" (one of "
                        + new java.util.TreeSet<>(jp.kyodo.agents.lifeevents.CertificateFields.FIELDS) + ")");
            }
            conditions(p, at + ".when", q.when(), index, i);
        }
        Set<String> stepIds = new HashSet<>();
        List<Step> steps = d.steps() == null ? List.of() : d.steps();
        if (steps.isEmpty()) {
            p.add("steps: at least one");
        }
        int lastOrder = Integer.MIN_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = "steps[" + i + "]";
            if (s.id() == null || !ID.matcher(s.id()).matches() || !stepIds.add(s.id())) {
                p.add(at + ".id: missing, duplicate or not [a-z][a-zA-Z0-9-]*");
            }
            if (s.order() < lastOrder) {
                p.add(at + ".order: steps are listed in filing order");
            }
            lastOrder = s.order();
            if (blank(s.name()) || blank(s.nameEn())) {
                p.add(at + ": name and nameEn are required");
            }
            if (s.at() == null) {
                p.add(at + ".at: counter or online");
            } else if (s.at() == BundleDefinition.At.ONLINE) {
                if (blank(s.procedure())) {
                    p.add(at + ".procedure: an online step names its procedure");
                }
            } else if (s.procedure() != null || (s.values() != null && !s.values().isEmpty())) {
                p.add(at + ": a counter step has no procedure or values");
            }
            conditions(p, at + ".when", s.when(), index, qs.size());
            (s.values() == null ? Map.<String, String>of() : s.values()).forEach((key, expr) -> {
                if (!FORM_KEY.matcher(key).matches()) {
                    p.add(at + ".values: \"" + key + "\" is not a form key (section.field or group[n|newborn|*].field)");
                }
                if (expr == null) {
                    p.add(at + ".values." + key + ": empty");
                } else if (expr.startsWith("answer.")) {
                    if (!index.containsKey(expr.substring(7))) {
                        p.add(at + ".values." + key + ": no question \"" + expr.substring(7) + "\"");
                    }
                } else if (expr.startsWith("fact.")) {
                    if (!FACTS.contains(expr.substring(5))) {
                        p.add(at + ".values." + key + ": unknown fact \"" + expr.substring(5) + "\"");
                    }
                } else if (!expr.startsWith("text:")) {
                    p.add(at + ".values." + key + ": answer.<question>, fact.<fact> or text:<literal>");
                }
            });
        }
        return p;
    }

    private static void conditions(List<String> p, String at, List<Condition> cs, Map<String, Integer> index, int before) {
        if (cs == null) {
            return;
        }
        for (int i = 0; i < cs.size(); i++) {
            Condition c = cs.get(i);
            String here = at + "[" + i + "]";
            if ((c.answer() == null) == (c.fact() == null)) {
                p.add(here + ": exactly one of answer, fact");
            } else if (c.answer() != null) {
                Integer q = index.get(c.answer());
                if (q == null || q >= before) {
                    p.add(here + ".answer: \"" + c.answer() + "\" is not a question asked before this point");
                }
            } else if (!FACTS.contains(c.fact())) {
                p.add(here + ".fact: unknown fact \"" + c.fact() + "\"");
            }
            int tests = (c.equals() == null ? 0 : 1) + (c.notEquals() == null ? 0 : 1) + (c.atLeast() == null ? 0 : 1);
            if (tests != 1) {
                p.add(here + ": exactly one of equals, notEquals, atLeast");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
