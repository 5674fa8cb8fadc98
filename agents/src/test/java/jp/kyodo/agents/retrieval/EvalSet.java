package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The evaluation set in src/test/resources/knowledge/eval/questions.json. */
public record EvalSet(List<Case> cases, List<Case> outOfScope) {

    /** One question for one tenant; expected is empty for an out-of-scope question. */
    public record Case(String id, TenantId tenant, String question, String language, Set<String> expected, String split) {
        boolean inScope() {
            return !expected.isEmpty();
        }
    }

    public static EvalSet load() {
        try (InputStream in = EvalSet.class.getResourceAsStream("/knowledge/eval/questions.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : root.path("cases")) {
                var fields = c.path("expected").fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    Set<String> exp = new HashSet<>();
                    e.getValue().forEach(x -> exp.add(x.asText()));
                    cases.add(new Case(c.path("id").asText(), TenantId.of(e.getKey()), c.path("question").asText(),
                            c.path("language").asText(), exp, c.path("split").asText()));
                }
            }
            List<Case> oos = new ArrayList<>();
            for (JsonNode c : root.path("outOfScope")) {
                for (TenantId t : DemoKnowledge.tenants()) {
                    oos.add(new Case(c.path("id").asText(), t, c.path("question").asText(), c.path("language").asText(),
                            Set.of(), c.path("split").asText()));
                }
            }
            return new EvalSet(cases, oos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Case> inScope(String split) {
        return cases.stream().filter(c -> split == null || c.split().equals(split)).toList();
    }

    public List<Case> outOfScope(String split) {
        return outOfScope.stream().filter(c -> split == null || c.split().equals(split)).toList();
    }
}
