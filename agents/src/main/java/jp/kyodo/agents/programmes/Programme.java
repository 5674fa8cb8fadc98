package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A programme or procedure in the registry (行政サービス・制度). Fields follow CPSV-AP 3.2 {@code cpsv:PublicService}
 * and GIF DS-451-4.
 *
 * @param id                 制度番号 (dct:identifier). National templates "JP-nnnn"; prefectural / municipal programmes
 *                           "<6-digit local government code>-nnnn"
 * @param parentId           元制度番号 for a derived programme (nullable)
 * @param derivation         制度変更区分 for a derived programme (nullable)
 * @param kind               benefit or procedure
 * @param name               タイトル（制度名） (dct:title)
 * @param summary            概要 (≤100 chars)
 * @param description        内容 (dct:description)
 * @param competentAuthority 制度所管組織 (cv:hasCompetentAuthority)
 * @param legalBasis         根拠法令 (cv:hasLegalResource)
 * @param eligibilityText    対象者 in plain words (cv:holdsRequirement)
 * @param rule               machine-readable eligibility and amount (nullable for procedures)
 * @param requiredDocuments  手続書類 (cpsv:hasInput)
 * @param channels           申請届出方法 (cv:hasChannel)
 * @param cost               費用 (cv:hasCost), nullable = free
 * @param processingTime     ISO-8601 duration (cv:processingTime), nullable
 * @param deadline           申請期限 in words, nullable
 * @param lifeEvents         ライフイベント with the order of this step within the event (cv:isGroupedBy)
 * @param contact            お問い合わせ先 (cv:contactPoint)
 * @param validFrom          有効期間の開始 (nullable = open)
 * @param validTo            有効期間の終了, inclusive (nullable = open)
 * @param area               地域 (dct:spatial); empty = nationwide
 * @param keywords           キーワード
 */
public record Programme(String id, String parentId, Derivation derivation, ProgrammeKind kind, String name,
                        String summary, String description, String competentAuthority, List<LegalBasis> legalBasis,
                        String eligibilityText, EligibilityRule rule, List<Evidence> requiredDocuments,
                        List<Channel> channels, Cost cost, String processingTime, String deadline,
                        List<LifeEventStep> lifeEvents, Contact contact, LocalDate validFrom, LocalDate validTo,
                        Area area, List<String> keywords) {

    public Programme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        kind = kind == null ? ProgrammeKind.BENEFIT : kind;
        legalBasis = legalBasis == null ? List.of() : List.copyOf(legalBasis);
        requiredDocuments = requiredDocuments == null ? List.of() : List.copyOf(requiredDocuments);
        channels = channels == null ? List.of() : List.copyOf(channels);
        lifeEvents = lifeEvents == null ? List.of() : List.copyOf(lifeEvents);
        area = area == null ? Area.NATIONWIDE : area;
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    /** 制度変更区分 (GIF): how a derived programme differs from its parent. */
    public enum Derivation {
        /** 0: wording rewritten only. */
        REWRITE_ONLY,
        /** 1: local additions (上乗せ・横出し). */
        LOCAL_ADDITIONS,
        /** 2: narrowed by additional conditions. */
        NARROWED
    }

    /** 根拠法令. */
    public record LegalBasis(String title, String url) { }

    /** 手続書類 (cv:Evidence). */
    public record Evidence(String name, String description, boolean conditional) { }

    /** 申請届出方法 (cv:Channel). */
    public record Channel(ChannelType type, String description, String url) { }

    /** Channel types. */
    public enum ChannelType { ONLINE, COUNTER, POST, PHONE }

    /** 費用 (cv:Cost); value in yen. */
    public record Cost(Long yen, String description) { }

    /** お問い合わせ先 (cv:ContactPoint). */
    public record Contact(String organisation, String telephone, String email, String url, String openingHours) { }

    /** Step of a life event. */
    public record LifeEventStep(LifeEvent event, int order) { }

    /**
     * 地域: prefecture codes ("13") and municipality codes ("131016") where the programme is offered.
     * Both empty = nationwide.
     */
    public record Area(List<String> prefectures, List<String> municipalities) {
        public static final Area NATIONWIDE = new Area(List.of(), List.of());

        public Area {
            prefectures = prefectures == null ? List.of() : List.copyOf(prefectures);
            municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
        }

        public boolean isNationwide() { return prefectures.isEmpty() && municipalities.isEmpty(); }

        /** Whether a residence is inside the area (municipality codes also match their prefecture). */
        public boolean covers(String prefectureCode, String municipalityCode) {
            if (isNationwide()) {
                return true;
            }
            if (municipalityCode != null && municipalities.contains(municipalityCode)) {
                return true;
            }
            return prefectureCode != null && prefectures.contains(prefectureCode);
        }
    }

    /** Whether the programme is valid on {@code date}. */
    public boolean validOn(LocalDate date) {
        return (validFrom == null || !date.isBefore(validFrom)) && (validTo == null || !date.isAfter(validTo));
    }

    /** Order of this programme within a life event, if it belongs to it. */
    public java.util.OptionalInt orderIn(LifeEvent event) {
        return lifeEvents.stream().filter(s -> s.event() == event).mapToInt(LifeEventStep::order).findFirst();
    }

    /** Copy with another rule (used for drafts and parameter overrides). */
    public Programme withRule(EligibilityRule newRule) {
        return new Programme(id, parentId, derivation, kind, name, summary, description, competentAuthority, legalBasis,
                eligibilityText, newRule, requiredDocuments, channels, cost, processingTime, deadline, lifeEvents, contact,
                validFrom, validTo, area, keywords);
    }
}
