package jp.kyodo.crm.applications;

import java.util.List;
import java.util.Optional;

/**
 * One procedure (手続き) as data: what the citizen fills in, what is pre-filled from where, which documents go with it,
 * how it is signed, the steps the city's staff take, and the result notice. Read from YAML by {@link Procedures}
 * (see docs/applications.md for the format); a definition that exists is valid.
 *
 * @param id          stable id ({@code jido-teate-nintei}); the city's own ones are {@code <city code>-...}
 * @param name        Japanese name (児童手当 認定請求)
 * @param nameEn      English name
 * @param summary     one paragraph for the citizen (Japanese)
 * @param programme   the programme registry id this applies for, or null
 * @param subject     who the application is about: {@link Subject#SELF} or a household member the citizen acts for
 * @param sections    the form, in order
 * @param attachments required or optional documents
 * @param signature   how the submission is signed
 * @param steps       the workflow, in order (at least one)
 * @param notice      the result notice (決定通知) template
 */
public record ProcedureDefinition(String id, String name, String nameEn, String summary, String programme, Subject subject,
                                  List<Section> sections, List<Requirement> attachments, Signature signature,
                                  List<Step> steps, Notice notice) {

    public ProcedureDefinition {
        sections = List.copyOf(sections);
        attachments = List.copyOf(attachments);
        steps = List.copyOf(steps);
    }

    /** Who an application is about. */
    public enum Subject {
        /** the citizen themself */
        SELF,
        /** a household member the citizen acts for (代理: {@code acts_for} in the household) */
        MEMBER
    }

    /** How the submission is signed (署名). */
    public enum Signature {
        /** nothing beyond the form */
        NONE,
        /** the signed-in citizen's session is the signature */
        SIGNED_IN,
        /** マイナンバーカードの署名用電子証明書: declared now, brought by the integration issue (refused until then) */
        MY_NUMBER_CARD;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Field types and what each accepts. */
    public enum FieldType {
        TEXT, TEXTAREA, NUMBER, DATE, CHOICE, YESNO, POSTAL_CODE, PHONE, EMAIL;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A section of the form; {@code repeat} makes it a group that repeats (children), its rows keyed
     * {@code section[i].field}.
     */
    public record Section(String id, String title, String titleEn, Repeat repeat, List<Field> fields) {
        public Section {
            fields = List.copyOf(fields);
        }

        public boolean repeats() {
            return repeat != null;
        }
    }

    /**
     * How a section repeats: between {@code min} and {@code max} rows, optionally one row per household member of
     * {@code prefill} ({@code household.children}: children the citizen acts for; {@code household.members}: all).
     */
    public record Repeat(int min, int max, String prefill) {
    }

    /**
     * One field.
     *
     * @param prefill where the value comes from ({@code profile.fullName}, {@code member.birthDate} …), or null
     * @param showIf  shown (and validated) only when another field of the form has a value, or null
     */
    public record Field(String id, FieldType type, String label, String labelEn, String hint, boolean required,
                        Integer maxLength, Long min, Long max, String pattern, List<Option> options, String prefill,
                        ShowIf showIf) {
        public Field {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record Option(String value, String label, String labelEn) {
    }

    /** Conditional display: shown when the field {@code field} (same section row first, then the form) equals {@code equals}. */
    public record ShowIf(String field, String equals) {
    }

    /** A document that goes with the application (添付書類). */
    public record Requirement(String id, String label, String labelEn, boolean required, String hint) {
    }

    /**
     * One step of the workflow.
     *
     * @param role           the least role that acts on it: {@code operator}, {@code staff} or {@code city-admin}
     * @param responseHours  the response target of the step, in hours from when the application reaches it
     * @param twoPersonCheck the step is complete only when two different people approved it
     * @param checklist      what the reviewer checks (shown with the application)
     */
    public record Step(String id, String name, String role, int responseHours, boolean twoPersonCheck,
                       List<String> checklist) {
        public Step {
            checklist = checklist == null ? List.of() : List.copyOf(checklist);
        }
    }

    /**
     * The result notice. Texts may use {@code {{section.field}}}, {@code {{count:section}}}, {@code {{applicant}}},
     * {@code {{receptionNumber}}}, {@code {{reason}}} and {@code {{city}}}.
     *
     * @param seal the 公印 text printed at the foot ({@code {{city}}長} by default)
     */
    public record Notice(String title, String approved, String rejected, String seal) {
    }

    public Optional<Section> section(String sectionId) {
        return sections.stream().filter(s -> s.id().equals(sectionId)).findFirst();
    }

    public Optional<Step> step(int index) {
        return index >= 0 && index < steps.size() ? Optional.of(steps.get(index)) : Optional.empty();
    }

    public Optional<Requirement> requirement(String requirementId) {
        return attachments.stream().filter(r -> r.id().equals(requirementId)).findFirst();
    }
}
