package jp.kyodo.crm.citizens;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.citizens.internal.ConsentEventRow;
import jp.kyodo.crm.citizens.internal.HouseholdMemberRow;
import jp.kyodo.crm.citizens.internal.CitizenProfileRow;
import jp.kyodo.crm.citizens.internal.VerifiedIdentityRow;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.identity.CityMembers;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Citizen records of the current city (which city is decided by the database's binding). A citizen reads and changes
 * their own record; {@link #find(String)} by anyone else (the CRM 360 view, the staff API) writes an audit entry.
 * Every change happens in one transaction: invalid input changes nothing.
 *
 * <p>A record belongs to the citizen's immutable Keycloak subject id ({@code sub}), never to the user name: when an
 * account is closed its name is free, and a new account with the same name must find nothing of the first person's.
 */
@ApplicationScoped
@Transactional
public class CitizenRecords {

    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int MAX_MEMBERS = 20;
    /** The field error for a name or date of birth that differs from the card-verified one. */
    public static final String CARD_LOCKED = "氏名と生年月日はマイナンバーカードで確認済みのため、ここでは変更できません。";

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    AuditLog audit;
    @Inject
    Event<CitizenNotification> notifications;
    @Inject
    CityMembers members;
    @jakarta.annotation.Resource
    jakarta.transaction.TransactionSynchronizationRegistry transaction;

    private static final String PROFILE_IN_TRANSACTION = CitizenRecords.class.getName() + "/profile/";

    /** Today in Japan (ages and school years are counted in Japan time). */
    public static LocalDate today() {
        return LocalDate.now(JAPAN);
    }

    /**
     * The record of the citizen of the current city who holds this user name <em>now</em> (a current member), or empty;
     * the record of an earlier holder of the name is not theirs and is not found this way (see {@link #findBySubject}).
     * When the caller is not that citizen, the read is audited (個人情報の閲覧) with the caller's user name and role.
     */
    public Optional<CitizenRecord> find(String username) {
        tenant.city();
        return members.subjectOf(username).flatMap(this::findBySubject);
    }

    /**
     * The record of a citizen of the current city by their immutable subject id (as a case or an application names
     * them), or empty. When the caller is not that citizen, the read is audited.
     */
    public Optional<CitizenRecord> findBySubject(String citizenSubject) {
        tenant.city();
        Optional<CitizenProfileRow> row = profileRow(citizenSubject);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!citizenSubject.equals(identity.subject())) {
            audit.recordPersonalDataRead("citizen", row.get().id.toString(), "citizen-record");
        }
        return Optional.of(record(row.get()));
    }

    /** The caller's own record, or empty when they have not registered a profile yet. */
    public Optional<CitizenRecord> mine() {
        return findBySubject(caller());
    }

    /**
     * The caller's own profile alone, or empty when they have not registered one: one indexed read, and none more in the
     * same transaction (a page that shows the name and takes the preferred language from it reads the row once), where
     * {@link #mine()} also reads the household and the consent history.
     */
    public Optional<Profile> myProfile() {
        tenant.city();
        return profileRow(caller()).map(CitizenProfileRow::toProfile);
    }

    /**
     * What マイページ shows of the caller's own data in this city: the profile (empty before they registered one), the
     * number of unread inbox messages, the card-verified identity (empty unless they signed in here with their My Number
     * card).
     */
    public record MyPageData(Optional<Profile> profile, long unreadMessages, Optional<VerifiedIdentity> verified) {
    }

    /**
     * {@link MyPageData} of the caller, with one statement when they have a profile (the profile row, the verified
     * identity joined to it by subject and the unread count as a sub-select), three without one. Every table is read
     * under the transaction's city binding (row-level security) and by the caller's subject only. The profile row is
     * kept in the transaction as {@link #myProfile()} keeps it, so the page's language (taken from the same profile)
     * and any later read of it in this transaction send no statement of their own.
     */
    public MyPageData myPage() {
        City city = tenant.city();
        String subject = caller();
        String key = PROFILE_IN_TRANSACTION + city.id() + "/" + subject;
        boolean inTransaction = transaction.getTransactionKey() != null;
        List<Object[]> rows = em.createQuery("select p, v, (select count(m) from InboxMessageRow m"
                        + " where m.citizenSubject = :s and m.readAt is null)"
                        + " from CitizenProfileRow p left join VerifiedIdentityRow v on v.citizenSubject = p.citizenSubject"
                        + " where p.citizenSubject = :s", Object[].class)
                // no setMaxResults: a row limit makes EclipseLink prepare the query's SQL again on every call (JFR, session
                // 16); the subject is unique in both tables (per city, and row-level security shows one city), so at most
                // one row comes back
                .setParameter("s", subject).getResultList();
        if (rows.isEmpty()) {
            // no profile yet: the two other reads on their own (Inbox#unreadCount's query)
            long unread = em.createQuery("select count(m) from InboxMessageRow m where m.citizenSubject = :s"
                    + " and m.readAt is null", Long.class).setParameter("s", subject).getSingleResult();
            return new MyPageData(Optional.empty(), unread,
                    verifiedRow(subject).map(VerifiedIdentityRow::toVerifiedIdentity));
        }
        Object[] row = rows.get(0);
        CitizenProfileRow profile = (CitizenProfileRow) row[0];
        if (inTransaction) {
            transaction.putResource(key, profile);
        }
        VerifiedIdentityRow verified = (VerifiedIdentityRow) row[1];
        return new MyPageData(Optional.of(profile.toProfile()), ((Number) row[2]).longValue(),
                Optional.ofNullable(verified).map(VerifiedIdentityRow::toVerifiedIdentity));
    }

    /** What a form is pre-filled from: the caller's profile and, when asked, household; never the consents. */
    public record FormSource(Profile profile, List<HouseholdMember> household) {
        public FormSource {
            household = List.copyOf(household);
        }
    }

    /**
     * The caller's profile and (only when {@code withHousehold}) household for pre-filling a form, or empty without a
     * profile: one statement, two with the household; the consent history {@link #mine()} reads is left out.
     */
    public Optional<FormSource> myFormSource(boolean withHousehold) {
        tenant.city();
        return profileRow(caller()).map(row -> new FormSource(row.toProfile(), withHousehold ? household(row) : List.of()));
    }

    /** Where and in which language to e-mail a citizen: the address and the profile's preferred language. */
    public record MailRecipient(String address, String language) {
    }

    /**
     * The e-mail address to notify a citizen (by subject id) at, with their preferred language, when their profile
     * chose e-mail; not audited, because it is read to deliver a message to the citizen, not shown to anybody.
     */
    public Optional<MailRecipient> notificationRecipient(String citizenSubject) {
        tenant.city();
        return profileRow(citizenSubject).map(CitizenProfileRow::toProfile).filter(Profile::wantsEmail)
                .map(p -> new MailRecipient(p.email(), p.language()));
    }

    /** The caller's consents (current state), also before any profile exists. */
    public List<Consent> myConsents() {
        tenant.city();
        return current(history(caller()));
    }

    /** Creates or replaces the caller's profile, and tells them in their inbox (and by e-mail if chosen). */
    public Profile saveMine(ProfileDraft draft) {
        City city = tenant.city();
        String subject = caller();
        CitizenValidation.CheckedProfile c = CitizenValidation.check(draft, today());
        Optional<VerifiedIdentityRow> verified = verifiedRow(subject);
        Map<String, String> errors = new LinkedHashMap<>(c.errors());
        if (verified.isPresent()) {
            lockedToCard(errors, verified.get(), c);
        }
        if (!errors.isEmpty()) {
            throw new InvalidCitizenData(errors);
        }
        ProfileDraft d = c.draft();
        CitizenProfileRow row = profileRow(subject).orElse(null);
        boolean created = row == null;
        OffsetDateTime now = OffsetDateTime.now();
        if (created) {
            row = new CitizenProfileRow();
            row.id = UUID.randomUUID();
            row.citizenSubject = subject;
            row.createdAt = now;
        }
        row.username = identity.username();
        row.fullName = d.fullName();
        row.fullNameKana = d.fullNameKana();
        row.birthDate = c.birthDate();
        row.postalCode = d.postalCode();
        row.prefecture = d.prefecture();
        row.municipality = d.municipality();
        row.street = d.street();
        row.phone = d.phone();
        row.email = d.email();
        row.language = d.language();
        row.emailNotifications = Boolean.TRUE.equals(d.emailNotifications());
        row.physicalHandbook = d.physicalHandbook();
        row.ryoikuHandbook = d.ryoikuHandbook();
        row.mentalHandbook = d.mentalHandbook();
        row.schoolYear = d.schoolYear();
        row.singleParent = Boolean.TRUE.equals(d.singleParent());
        row.incomeAfterDeductions = d.incomeAfterDeductions();
        row.updatedAt = now;
        if (created) {
            em.persist(row);
        }
        em.flush();
        audit.record(created ? "citizen.profile.create" : "citizen.profile.update", "citizen", row.id.toString(), Map.of());
        notifications.fire(new CitizenNotification(subject, row.username,
                Words.of(created ? "notification.profile.registered.subject" : "notification.profile.changed.subject"),
                List.of(Words.of(created ? "notification.profile.registered" : "notification.profile.changed", city.name())),
                "/c/" + city.code() + "/me/profile"));
        return row.toProfile();
    }

    /**
     * While the caller's 基本4情報 are verified by their My Number card, their profile's name and date of birth are the
     * card's: a draft that says otherwise is refused (the name compared without spaces).
     */
    private static void lockedToCard(Map<String, String> errors, VerifiedIdentityRow v, CitizenValidation.CheckedProfile c) {
        String name = c.draft().fullName() == null ? "" : c.draft().fullName().replaceAll("[\\s　]", "");
        if (!name.equals(v.fullName.replaceAll("[\\s　]", ""))) {
            errors.put("fullName", CARD_LOCKED);
        }
        if (v.birthDate != null && !v.birthDate.equals(c.birthDate())) {
            errors.put("birthDate", CARD_LOCKED);
        }
    }

    /**
     * Records on the caller's record in this city the 基本4情報 their My Number card gave at this sign-in (the token's
     * claims of a sign-in through the デジタル認証アプリ, never a form), with the assurance level
     * {@link VerifiedIdentity#CARD_VERIFIED}; replaces an earlier recording, and makes the profile's name and date of
     * birth the card's. Audited. Values longer than the columns allow are refused, nothing is half-written.
     */
    public VerifiedIdentity recordCardIdentity(String name, String address, String birthdate, String gender, String acr,
                                               String identityProvider) {
        tenant.city();
        String subject = caller();
        String fullName = name == null ? "" : name.strip();
        if (fullName.isEmpty() || fullName.length() > 100 || (address != null && address.length() > 500)
                || (gender != null && gender.length() > 16) || (acr != null && acr.length() > 64)) {
            throw ProblemException.badRequest("card-identity-unreadable", "マイナンバーカードの情報を読み取れませんでした",
                    "the My Number card's data could not be read");
        }
        LocalDate birth;
        try {
            birth = birthdate == null || birthdate.isBlank() ? null : LocalDate.parse(birthdate.strip());
        } catch (java.time.format.DateTimeParseException e) {
            birth = null;
        }
        VerifiedIdentityRow row = verifiedRow(subject).orElse(null);
        boolean created = row == null;
        if (created) {
            row = new VerifiedIdentityRow();
            row.id = UUID.randomUUID();
            row.citizenSubject = subject;
        }
        row.fullName = fullName;
        row.address = address == null ? "" : address.strip();
        row.birthDate = birth;
        row.gender = gender == null ? "" : gender.strip();
        row.assuranceLevel = VerifiedIdentity.CARD_VERIFIED;
        row.acr = acr;
        row.identityProvider = identityProvider;
        row.verifiedAt = OffsetDateTime.now();
        if (created) {
            em.persist(row);
        }
        CitizenProfileRow profile = profileRow(subject).orElse(null);
        if (profile != null) {
            profile.fullName = fullName;
            profile.birthDate = birth == null ? profile.birthDate : birth;
            profile.updatedAt = row.verifiedAt;
        }
        em.flush();
        audit.record("citizen.identity.card-verified", "citizen", row.id.toString(),
                Map.of("assuranceLevel", row.assuranceLevel, "identityProvider", identityProvider));
        return row.toVerifiedIdentity();
    }

    /** The caller's card-verified 基本4情報 in this city, if they signed in here with their My Number card. */
    public Optional<VerifiedIdentity> myVerifiedIdentity() {
        tenant.city();
        return verifiedRow(caller()).map(VerifiedIdentityRow::toVerifiedIdentity);
    }

    private Optional<VerifiedIdentityRow> verifiedRow(String citizenSubject) {
        return em.createQuery("select v from VerifiedIdentityRow v where v.citizenSubject = :s", VerifiedIdentityRow.class)
                .setParameter("s", citizenSubject).getResultStream().findFirst();
    }

    /** Adds a member to the caller's household. */
    public HouseholdMember addMember(MemberDraft draft) {
        CitizenProfileRow profile = requireProfile();
        CitizenValidation.CheckedMember c = checked(draft);
        long count = em.createQuery("select count(m) from HouseholdMemberRow m where m.profileId = :p", Long.class)
                .setParameter("p", profile.id).getSingleResult();
        if (count >= MAX_MEMBERS) {
            throw ProblemException.conflict("household-full", "世帯員は" + MAX_MEMBERS + "人まで登録できます。",
                    "At most " + MAX_MEMBERS + " household members.");
        }
        HouseholdMemberRow row = new HouseholdMemberRow();
        row.id = UUID.randomUUID();
        row.profileId = profile.id;
        row.createdAt = OffsetDateTime.now();
        apply(row, c);
        em.persist(row);
        em.flush();
        audit.record("citizen.household.add", "household-member", row.id.toString(), Map.of());
        return row.toMember();
    }

    /** Changes a member of the caller's household (404 for anyone else's). */
    public HouseholdMember updateMember(UUID id, MemberDraft draft) {
        HouseholdMemberRow row = memberRow(id);
        CitizenValidation.CheckedMember c = checked(draft);
        apply(row, c);
        em.flush();
        audit.record("citizen.household.update", "household-member", id.toString(), Map.of());
        return row.toMember();
    }

    /** Removes a member of the caller's household (404 for anyone else's). */
    public void removeMember(UUID id) {
        HouseholdMemberRow row = memberRow(id);
        em.remove(row);
        audit.record("citizen.household.remove", "household-member", id.toString(), Map.of());
    }

    /** One member of the caller's household. */
    public HouseholdMember member(UUID id) {
        return memberRow(id).toMember();
    }

    /** Records the caller's answer for one purpose (given or withdrawn) and returns the current state. */
    public List<Consent> answer(ConsentChange change) {
        tenant.city();
        Map<String, String> errors = new LinkedHashMap<>();
        ConsentPurpose purpose = change == null || change.purpose() == null ? null
                : ConsentPurpose.of(change.purpose().strip()).orElse(null);
        if (purpose == null) {
            errors.put("purpose", "同意の目的を一覧から選んでください。");
        }
        if (change == null || change.given() == null) {
            errors.put("given", "同意する（true）か撤回する（false）かを指定してください。");
        }
        if (!errors.isEmpty()) {
            throw new InvalidCitizenData(errors);
        }
        ConsentEventRow row = new ConsentEventRow();
        row.id = UUID.randomUUID();
        row.citizenSubject = caller();
        row.username = identity.username();
        row.purpose = purpose.code();
        row.version = purpose.version();
        row.given = change.given();
        row.at = OffsetDateTime.now();
        row.actor = identity.username();
        em.persist(row);
        em.flush();
        audit.record(row.given ? "citizen.consent.give" : "citizen.consent.withdraw", "consent", row.id.toString(),
                Map.of("purpose", purpose.code(), "version", purpose.version()));
        return current(history(row.citizenSubject));
    }

    private CitizenValidation.CheckedMember checked(MemberDraft draft) {
        CitizenValidation.CheckedMember c = CitizenValidation.check(draft, today());
        if (!c.errors().isEmpty()) {
            throw new InvalidCitizenData(c.errors());
        }
        return c;
    }

    private static void apply(HouseholdMemberRow row, CitizenValidation.CheckedMember c) {
        MemberDraft d = c.draft();
        row.fullName = d.fullName();
        row.fullNameKana = d.fullNameKana();
        row.relationship = c.relationship().code();
        row.birthDate = c.birthDate();
        row.actsFor = c.actsFor();
        row.physicalHandbook = d.physicalHandbook();
        row.ryoikuHandbook = d.ryoikuHandbook();
        row.mentalHandbook = d.mentalHandbook();
        row.schoolYear = d.schoolYear();
        row.updatedAt = OffsetDateTime.now();
    }

    /** The caller's immutable subject id (the key of their record). */
    private String caller() {
        String s = identity.subject();
        if (s == null || s.isBlank()) {
            throw new ProblemException(401, "unauthenticated", "ログインが必要です", "Authentication required",
                    "サインインしてください。 Sign in first.");
        }
        return s;
    }

    private CitizenProfileRow requireProfile() {
        tenant.city();
        return profileRow(caller()).orElseThrow(() -> ProblemException.conflict("profile-required",
                "先にご本人の登録情報（プロフィール）を登録してください。", "Register your profile first."));
    }

    private HouseholdMemberRow memberRow(UUID id) {
        CitizenProfileRow profile = requireProfile();
        HouseholdMemberRow row = id == null ? null : em.find(HouseholdMemberRow.class, id);
        if (row == null || !row.profileId.equals(profile.id)) {
            throw ProblemException.notFound("household-member");
        }
        return row;
    }

    /**
     * The profile row by subject id. Read once per transaction: the managed row is kept in the transaction's registry,
     * so a second read (the pre-fill, then the notification's address in the same submission) costs no statement and
     * sees this transaction's changes to the row, as the persistence context would. A row that is no longer managed is
     * read again.
     */
    private Optional<CitizenProfileRow> profileRow(String citizenSubject) {
        if (citizenSubject == null || citizenSubject.isBlank()) {
            return Optional.empty();
        }
        // keyed by city too: a transaction may work for several cities one after the other (row-level security)
        String key = PROFILE_IN_TRANSACTION + tenant.city().id() + "/" + citizenSubject;
        boolean inTransaction = transaction.getTransactionKey() != null;
        if (inTransaction && transaction.getResource(key) instanceof CitizenProfileRow kept && em.contains(kept)) {
            return Optional.of(kept);
        }
        Optional<CitizenProfileRow> row = em.createQuery("select p from CitizenProfileRow p where p.citizenSubject = :s",
                CitizenProfileRow.class).setParameter("s", citizenSubject).getResultStream().findFirst();
        if (inTransaction) {
            row.ifPresent(r -> transaction.putResource(key, r));
        }
        return row;
    }

    private CitizenRecord record(CitizenProfileRow row) {
        List<Consent> history = history(row.citizenSubject);
        return new CitizenRecord(row.toProfile(), household(row), current(history), history);
    }

    private List<HouseholdMember> household(CitizenProfileRow row) {
        return em.createQuery("select m from HouseholdMemberRow m where m.profileId = :p order by m.createdAt, m.id",
                HouseholdMemberRow.class).setParameter("p", row.id).getResultStream().map(HouseholdMemberRow::toMember)
                .toList();
    }

    private List<Consent> history(String citizenSubject) {
        return em.createQuery("select c from ConsentEventRow c where c.citizenSubject = :s order by c.at desc, c.id",
                ConsentEventRow.class).setParameter("s", citizenSubject).setMaxResults(500).getResultStream()
                .map(ConsentEventRow::toConsent).toList();
    }

    /** The latest answer per purpose (history is newest first). */
    private static List<Consent> current(List<Consent> history) {
        Map<String, Consent> latest = new LinkedHashMap<>();
        for (Consent c : history) {
            latest.putIfAbsent(c.purpose(), c);
        }
        return new ArrayList<>(latest.values());
    }
}
