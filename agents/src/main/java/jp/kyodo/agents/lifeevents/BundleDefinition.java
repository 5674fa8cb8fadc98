package jp.kyodo.agents.lifeevents;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A life-event bundle as data (YAML under {@code lifeevents/}): the questions to ask once, the steps to file in order
 * (at the counter, or online as a draft of an application procedure, with which answer goes into which field) and the
 * tools the agent may use. See docs/agents.md.
 *
 * @param lifeEvent the life event of the programme registry it belongs to ({@code 出生・こども})
 * @param tools     the declared tool set ({@link AgentTool} codes); anything else is refused at run time
 * @param said      words people use for this life event, in the six languages of the pages (「生まれ」「born」「出生」…):
 *                  {@link BundleCatalogue#heard} finds the bundle in what a person writes (「子どもが生まれました」)
 */
public record BundleDefinition(String id, String name, String nameEn, String lifeEvent, String summary,
                               List<String> tools, List<Question> questions, List<Step> steps, List<String> said) {

    /** Question types. */
    public enum Type {
        TEXT, DATE, CHOICE, YESNO, PHONE, NUMBER;

        /** As written in YAML: lower case, words joined by "-". */
        @JsonCreator
        public static Type of(String s) {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** A choice's option. */
    public record Option(String value, String label, String labelEn) {
    }

    /**
     * One question, asked at most once. It is skipped when {@code known} names a fact the citizen's record holds (that
     * fact is then its value), when {@code when} does not hold, or when no step that may apply uses it. {@code photo}
     * names the field of a certificate photo ({@link CertificateFields#FIELDS}) proposed as its answer.
     */
    public record Question(String id, String ask, String askEn, Type type, Integer maxLength, Integer min, Integer max,
                           boolean past, List<Option> options, String known, List<Condition> when, String photo) {
    }

    /**
     * A condition on an answer ({@code answer}) or a fact ({@code fact}); exactly one of {@code equals},
     * {@code notEquals}, {@code atLeast} (a number).
     */
    public record Condition(String answer, String fact, String equals, String notEquals, Integer atLeast) {
    }

    /** Where a step is done. */
    public enum At {
        COUNTER, ONLINE;

        /** As written in YAML: lower case, words joined by "-". */
        @JsonCreator
        public static At of(String s) {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /** Who an online step is about. */
    public enum Subject {
        SELF, NEWBORN, EACH_CHILD;

        /** As written in YAML: lower case, words joined by "-". */
        @JsonCreator
        public static Subject of(String s) {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    /**
     * One thing to do. An online step names its {@code procedure} and the {@code values} it sets: form key →
     * {@code answer.<question>}, {@code fact.<fact>} or {@code text:<literal>}. A form key may name a repeating
     * group's row as {@code group[newborn]} (the row of the new child, added when the household does not have it yet)
     * or {@code group[*]} (every row).
     */
    public record Step(String id, int order, String name, String nameEn, At at, String procedure, Subject subject,
                       String note, String noteEn, List<Condition> when, Map<String, String> values) {
    }

    public Optional<Question> question(String questionId) {
        return questions.stream().filter(q -> q.id().equals(questionId)).findFirst();
    }
}
