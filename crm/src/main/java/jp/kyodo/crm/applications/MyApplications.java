package jp.kyodo.crm.applications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.CitizenNotification.Words;
import jp.kyodo.crm.applications.internal.AnswerCheck;
import jp.kyodo.crm.applications.internal.ApplicationEvents;
import jp.kyodo.crm.applications.internal.ApplicationRecords;
import jp.kyodo.crm.applications.internal.ApplicationRow;
import jp.kyodo.crm.applications.internal.DigitalAuthClient;
import jp.kyodo.crm.applications.internal.Prefill;
import jp.kyodo.crm.applications.internal.SignatureCheck;
import jp.kyodo.crm.applications.internal.SignedDocument;
import jp.kyodo.crm.cases.AttachmentFile;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.HouseholdMember;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.audit.AuditLog;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The signed-in citizen's own applications in their city: start one pre-filled, save the draft, attach documents,
 * submit it once, answer a request for more, withdraw, read the timeline and the result notice. Anybody else's
 * application is 404. A parent applies for a household member only when the household says they act for them.
 */
@ApplicationScoped
@Transactional
public class MyApplications {

    /** A new application: the procedure and, for a procedure about a household member, who. */
    public record Start(String procedureId, String memberId) {
    }

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    Procedures procedures;
    @Inject
    CitizenRecords records;
    @Inject
    ApplicationRecords apps;
    @Inject
    ApplicationEvents events;
    @Inject
    DigitalAuthClient cardSigning;
    @Inject
    AuditLog audit;
    @jakarta.annotation.Resource
    jakarta.transaction.TransactionSynchronizationRegistry transactions;

    /** My applications, newest first (drafts included). */
    public List<ApplicationSummary> list() {
        tenant.city();
        return em.createQuery("select a from ApplicationRow a where a.applicantSubject = :s order by a.createdAt desc",
                        ApplicationRow.class).setParameter("s", me()).setMaxResults(200).getResultStream()
                .map(ApplicationSummary::of).toList();
    }

    /** Starts a draft filled from my profile and household; says where each value came from. */
    public ApplicationView start(Start in) {
        tenant.city();
        ApplicationRow row = newDraft(in == null ? null : in.procedureId(), in == null ? null : in.memberId());
        insert(row);
        return apps.view(row, false, null);
    }

    /** A draft filled from my profile and household, not yet stored. */
    private ApplicationRow newDraft(String procedureId, String memberId) {
        Procedures.Published p = procedures.published(procedureId);
        ProcedureDefinition d = p.definition();
        // profile, and household only when the form takes from it: never the consent history (one statement less)
        CitizenRecords.FormSource record = records.myFormSource(Prefill.needsHousehold(d)).orElse(null);
        HouseholdMember subject = null;
        if (d.subject() == ProcedureDefinition.Subject.MEMBER) {
            UUID mid = ApplicationRecords.uuid(memberId);
            subject = record == null || mid == null ? null
                    : record.household().stream().filter(m -> m.id().equals(mid)).findFirst().orElse(null);
            if (subject == null) {
                throw ProblemException.badRequest("member-required", "この手続きは世帯の誰についての申請かを選んでください"
                        + "（memberId: 世帯の情報に登録した方）。", "Choose the household member this application is for "
                        + "(memberId of a member of your household).");
            }
            if (!subject.actsFor()) {
                throw ProblemException.forbidden("not-acting-for", "世帯の情報で「代理で手続きする」になっていない方の申請は"
                        + "できません。世帯の情報を確かめてください。", "Your household does not say you act for this person; "
                        + "check your household details.");
            }
        }
        Prefill.Filled filled = Prefill.of(d, record, subject);
        ApplicationRow row = new ApplicationRow();
        row.id = UUID.randomUUID();
        row.procedureVersionId = p.versionId();
        row.procedureId = d.id();
        row.procedureName = d.name();
        row.applicantSubject = me();
        row.applicant = myName();
        row.subjectMemberId = subject == null ? null : subject.id().toString();
        row.subjectName = subject == null ? null : subject.fullName();
        row.status = ApplicationStatus.DRAFT.name();
        row.answers = ApplicationRecords.json(filled.answers());
        row.sources = ApplicationRecords.json(filled.sources());
        row.createdAt = OffsetDateTime.now();
        row.updatedAt = row.createdAt;
        return row;
    }

    private void insert(ApplicationRow row) {
        em.persist(row);
        // the row first: EclipseLink orders inserts by class, and files and events refer to it (composite foreign keys)
        em.flush();
    }

    /** One of my applications by id or reception number. */
    public ApplicationView get(String ref) {
        return apps.view(mine(ref, false), false, null);
    }

    /**
     * Replaces the draft's answers (the whole form; what is left out is empty). A value that differs from what was
     * pre-filled loses its source. Only a draft can be edited: a submitted one is refused with the reason.
     */
    public ApplicationView saveAnswers(String ref, Map<String, String> answers) {
        ApplicationRow row = mine(ref, true);
        editable(row);
        ProcedureDefinition d = apps.definition(row);
        Map<String, String> clean = clean(answers);
        List<FieldError> errors = AnswerCheck.check(d, clean, false);
        if (!errors.isEmpty()) {
            throw ApplicationRecords.invalid(errors);
        }
        Map<String, String> old = ApplicationRecords.map(row.answers);
        Map<String, String> sources = ApplicationRecords.map(row.sources);
        sources.keySet().removeIf(k -> !clean.containsKey(k) || !clean.get(k).equals(old.get(k)));
        row.answers = ApplicationRecords.json(clean);
        row.sources = ApplicationRecords.json(sources);
        row.updatedAt = OffsetDateTime.now();
        return apps.view(row, false, null);
    }

    /** Attaches documents to a draft for one of the procedure's requirements; the files are checked by their bytes. */
    public ApplicationView attach(String ref, String requirementId, List<Upload> files) {
        ApplicationRow row = mine(ref, true);
        editable(row);
        requirement(apps.definition(row), requirementId);
        apps.store(row, requirementId, files, "CITIZEN", myName());
        row.updatedAt = OffsetDateTime.now();
        return apps.view(row, false, null);
    }

    /**
     * Submits the draft: the answers must be whole and the required documents there. The same submission twice (a
     * double click, a retry; with or without the same {@code Idempotency-Key}) changes nothing and answers the same
     * receipt; a different key for an application already submitted is refused.
     */
    public Receipt submit(String ref, String idempotencyKey) {
        ApplicationRow row = mine(ref, true);
        String key = key(idempotencyKey);
        if (!ApplicationStatus.DRAFT.name().equals(row.status)) {
            if (key == null || key.equals(row.idempotencyKey)) {
                return receipt(row, true);
            }
            throw ProblemException.conflict("application-submitted", "この申請はすでに提出されています（受付番号 "
                    + row.receptionNumber + "）。", "This application was already submitted (reception number "
                    + row.receptionNumber + ").");
        }
        ProcedureDefinition d = apps.definition(row);
        List<FieldError> missing = apps.missing(row, d, apps.files(row));
        if (!missing.isEmpty()) {
            throw ApplicationRecords.invalid(missing);
        }
        if (d.signature() == ProcedureDefinition.Signature.MY_NUMBER_CARD) {
            // only the signing flow files it: the person approves the digest of exactly this form with their card
            throw ProblemException.conflict("signature-required", "この手続きはマイナンバーカードの署名用電子証明書での署名が"
                    + "必要です。申請内容の確認画面の「マイナンバーカードで署名して申請」から申請してください。", "This procedure "
                    + "needs a signature with the My Number card: file it with \"Sign with my My Number card and file\" on the "
                    + "review page.");
        }
        row.idempotencyKey = key;
        file(row, d);
        return receipt(row, false);
    }

    /**
     * Starts and submits in one request (for city systems and clients that hold the whole form): my answers over what
     * is pre-filled, the files per requirement. With an {@code Idempotency-Key}, a repeat answers the first receipt.
     */
    public Receipt submitWhole(String procedureId, String memberId, Map<String, String> answers,
                               Map<String, List<Upload>> files, String idempotencyKey) {
        tenant.city();
        String key = key(idempotencyKey);
        if (key != null) {
            // a retry after the first committed finds it here; two at the same time both go on, and the one that comes
            // second meets the first's row at the insert (ON CONFLICT on the key, see below)
            ApplicationRow done = filedWith(key);
            if (done != null) {
                return receipt(done, true);
            }
        }
        // the whole row before its one INSERT: answers, sources and key are not updated after it
        ApplicationRow row = newDraft(procedureId, memberId);
        ProcedureDefinition d = apps.definition(row);
        Map<String, String> merged = new LinkedHashMap<>(ApplicationRecords.map(row.answers));
        Map<String, String> sources = ApplicationRecords.map(row.sources);
        Map<String, String> given = clean(answers);
        given.forEach((k, v) -> {
            if (!v.equals(merged.get(k))) {
                sources.remove(k);
            }
        });
        merged.putAll(given);
        merged.values().removeIf(String::isEmpty);
        row.answers = ApplicationRecords.json(merged);
        row.sources = ApplicationRecords.json(sources);
        List<FieldError> errors = new ArrayList<>(AnswerCheck.check(d, merged, true));
        if (!errors.isEmpty()) {
            throw ApplicationRecords.invalid(errors);
        }
        row.idempotencyKey = key;
        // every check before anything is written: the files by their bytes (a new draft has exactly these), the
        // required documents, the signature
        Map<String, List<AttachmentRules.CheckedFile>> checked = new LinkedHashMap<>();
        for (var e : (files == null ? Map.<String, List<Upload>>of() : files).entrySet()) {
            requirement(d, e.getKey());
            checked.put(e.getKey(), apps.check(e.getValue()));
        }
        checked.values().removeIf(List::isEmpty);
        List<FieldError> missing = apps.missing(row, d, checked.keySet());
        if (!missing.isEmpty()) {
            throw ApplicationRecords.invalid(missing);
        }
        if (d.signature() == ProcedureDefinition.Signature.MY_NUMBER_CARD) {
            throw ProblemException.conflict("signature-required", "この手続きはマイナンバーカードでの署名が必要です。申請内容の"
                    + "確認画面から署名して申請してください。", "This procedure needs a signature with the My Number card: "
                    + "sign and file it on the review page.");
        }
        // one statement takes the city's next reception number and inserts the row whole (submitted, numbered, at its
        // first step), its files and its timeline entry (session 14; docs/benchmarks.md): the counter row is locked
        // from that statement to the commit, over the notification and the outbox event only
        row.status = ApplicationStatus.SUBMITTED.name();
        row.submittedAt = OffsetDateTime.now();
        row.updatedAt = row.submittedAt;
        apps.enterStep(row, d, 0);
        if (!apps.insertSubmitted(row, checked, myName())) {
            // the same key was filed by a request that committed while this one ran: nothing of this one is kept (the
            // counter's increment rolls back with it) and the first one's receipt is the answer
            transactions.setRollbackOnly();
            ApplicationRow first = filedWith(key);
            if (first == null) {
                throw new IllegalStateException("an application with this idempotency key exists but is not visible");
            }
            return receipt(first, true);
        }
        notifyAndPublish(row, d);
        return receipt(row, false);
    }

    /** My application filed with this idempotency key, if any. */
    private ApplicationRow filedWith(String key) {
        return em.createQuery("select a from ApplicationRow a where a.applicantSubject = :s and a.idempotencyKey = :k",
                ApplicationRow.class).setParameter("s", me()).setParameter("k", key).getResultStream().findFirst()
                .orElse(null);
    }

    private void file(ApplicationRow row, ProcedureDefinition d) {
        number(row, d);
        announce(row, d);
    }

    /** Takes the city's next reception number (its counter row stays locked to the commit) and enters the first step. */
    private void number(ApplicationRow row, ProcedureDefinition d) {
        row.receptionNumber = apps.nextReceptionNumber();
        row.status = ApplicationStatus.SUBMITTED.name();
        row.submittedAt = OffsetDateTime.now();
        row.updatedAt = row.submittedAt;
        apps.enterStep(row, d, 0);
    }

    /** The timeline entry, the applicant's notification and the outbox event of a filed application. */
    private void announce(ApplicationRow row, ProcedureDefinition d) {
        apps.event(row, "SUBMITTED", myName(), true, "", Map.of("receptionNumber", row.receptionNumber));
        notifyAndPublish(row, d);
    }

    /** The applicant's notification and the outbox event of a filed application (its timeline entry written). */
    private void notifyAndPublish(ApplicationRow row, ProcedureDefinition d) {
        apps.notifyApplicant(row, Words.of("notification.application.received.subject", d.name(), row.receptionNumber),
                Words.of("notification.application.received", d.name(), row.receptionNumber));
        events.submitted(row);
    }

    // ---------------------------------------------------------------- the My Number card signature

    /** How long the person has to approve a signature at the デジタル認証アプリ. */
    static final java.time.Duration SIGNING_WINDOW = java.time.Duration.ofMinutes(15);

    /** The outcome of a card signature: the receipt, or why it was refused (then nothing was filed). */
    public record SignatureOutcome(String applicationId, Receipt receipt, String refusal) {
    }

    /** Whether filing this application of mine needs my My Number card signature. */
    public boolean needsCardSignature(String ref) {
        return apps.definition(mine(ref, false)).signature() == ProcedureDefinition.Signature.MY_NUMBER_CARD;
    }

    /**
     * Starts signing the whole draft with the My Number card: a sign transaction is created at the デジタル認証アプリ
     * with the SHA-256 of exactly what will be filed (the canonical form of the answers and the documents' digests,
     * {@link SignedDocument}); the answer is where the person approves it with {@code scope=sign} (PKCE S256, a state
     * and a nonce kept on the application). Nothing is filed yet.
     */
    public java.net.URI startCardSignature(String ref, String redirectUri) {
        ApplicationRow row = mine(ref, true);
        editable(row);
        ProcedureDefinition d = apps.definition(row);
        if (d.signature() != ProcedureDefinition.Signature.MY_NUMBER_CARD) {
            throw ProblemException.conflict("signature-not-needed", "この手続きにはマイナンバーカードでの署名は要りません。",
                    "This procedure does not need a signature with the My Number card.");
        }
        var files = apps.files(row);
        List<FieldError> missing = apps.missing(row, d, files);
        if (!missing.isEmpty()) {
            throw ApplicationRecords.invalid(missing);
        }
        String digest = SignedDocument.sha256Hex(SignedDocument.bytes(tenant.city().code(), row, files));
        String transaction;
        try {
            transaction = cardSigning.createTransaction(java.util.HexFormat.of().parseHex(digest));
        } catch (DigitalAuthClient.Unavailable e) {
            java.util.logging.Logger.getLogger(MyApplications.class.getName()).warning("card signature: " + e.getMessage());
            throw new ProblemException(503, "signing-unavailable", "マイナンバーカードでの署名がいま使えません",
                    "The My Number card signature is not available right now", "デジタル認証アプリにつながりません。しばらく"
                    + "してからもう一度お試しください。 / The デジタル認証アプリ cannot be reached; please try again later.");
        }
        row.signTransactionId = transaction;
        row.signDigest = digest;
        row.signState = DigitalAuthClient.random();
        row.signVerifier = DigitalAuthClient.random();
        row.signNonce = DigitalAuthClient.random();
        row.signStartedAt = OffsetDateTime.now();
        audit.record("application.signature-started", "application", row.id.toString(), Map.of("digest", digest));
        return cardSigning.authorize(transaction, redirectUri, row.signState, row.signNonce,
                DigitalAuthClient.challenge(row.signVerifier));
    }

    /**
     * Completes a card signature when the person comes back from the デジタル認証アプリ: the state names one of my
     * applications being signed (once: it is cleared whatever happens); the code is exchanged (PKCE), the result
     * fetched, and the signature verified: the digest signed is the digest of what is filed now, the certificate is the
     * trusted CA's, the signature verifies, the card's holder is me (name and date of birth of my profile). Then the
     * signature and the certificate are kept with the application and it is filed; otherwise nothing is filed and the
     * refusal is audited.
     */
    public SignatureOutcome completeCardSignature(String state, String code, String error, String redirectUri) {
        tenant.city();
        ApplicationRow row = state == null || state.isBlank() ? null : em.createQuery("select a from ApplicationRow a where "
                        + "a.signState = :s and a.applicantSubject = :me", ApplicationRow.class).setParameter("s", state)
                .setParameter("me", me()).setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).getResultStream()
                .findFirst().orElse(null);
        if (row == null) {
            return new SignatureOutcome(null, null, "unknown");
        }
        String transaction = row.signTransactionId;
        String digest = row.signDigest;
        String verifier = row.signVerifier;
        OffsetDateTime started = row.signStartedAt;
        row.signState = null;
        row.signTransactionId = null;
        row.signVerifier = null;
        row.signNonce = null;
        row.signDigest = null;
        row.signStartedAt = null;
        String refusal;
        try {
            if (error != null && !error.isBlank()) {
                throw new SignatureCheck.Refused("cancelled", "the person did not approve: " + error);
            }
            if (!ApplicationStatus.DRAFT.name().equals(row.status)) {
                throw new SignatureCheck.Refused("submitted", "already filed");
            }
            if (started == null || started.isBefore(OffsetDateTime.now().minus(SIGNING_WINDOW))) {
                throw new SignatureCheck.Refused("expired", "the signature was not approved in time");
            }
            DigitalAuthClient.Result result = cardSigning.result(transaction, cardSigning.exchange(code, verifier, redirectUri));
            ProcedureDefinition d = apps.definition(row);
            var files = apps.files(row);
            byte[] document = SignedDocument.bytes(tenant.city().code(), row, files);
            SignatureCheck.Signer signer = SignatureCheck.verify(document, digest, result.digest(), result.signature(),
                    result.certificate(), cardSigning.trustAnchor(), java.time.Instant.now());
            var profile = records.myFormSource(false).map(CitizenRecords.FormSource::profile).orElse(null);
            SignatureCheck.samePerson(signer, profile == null ? null : profile.fullName(),
                    profile == null ? null : profile.birthDate());
            if (!apps.missing(row, d, files).isEmpty()) {
                throw new SignatureCheck.Refused("incomplete", "the form is not whole any more");
            }
            row.signature = result.signature();
            row.signatureCertificate = result.certificate();
            row.signedDigest = digest;
            row.signerName = signer.name();
            row.signedAt = OffsetDateTime.now();
            audit.record("application.signed", "application", row.id.toString(), Map.of("digest", digest,
                    "certificateSerial", signer.serial(), "issuer", signer.issuer()));
            file(row, d);
            return new SignatureOutcome(row.id.toString(), receipt(row, false), null);
        } catch (SignatureCheck.Refused e) {
            refusal = e.reason;
        } catch (DigitalAuthClient.Unavailable e) {
            java.util.logging.Logger.getLogger(MyApplications.class.getName()).warning("card signature: " + e.getMessage());
            refusal = "not-verified";
        }
        audit.record("application.signature-refused", "application", row.id.toString(), Map.of("reason", refusal));
        return new SignatureOutcome(row.id.toString(), null, refusal);
    }

    /** Answers a request for more information: a message and documents; the application goes back to review. */
    public ApplicationView answer(String ref, String text, String requirementId, List<Upload> files) {
        ApplicationRow row = mine(ref, true);
        if (!ApplicationStatus.INFO_REQUESTED.name().equals(row.status)) {
            throw ProblemException.conflict("no-request-open", "この申請には、いまお答えいただくお願いはありません（"
                    + ApplicationStatus.valueOf(row.status).ja() + "）。", "There is no open request on this application ("
                    + ApplicationStatus.valueOf(row.status).en() + ").");
        }
        String body = text == null ? "" : text.strip();
        if (body.length() > 4000) {
            throw ApplicationRecords.invalid(List.of(FieldError.of("text", "messageTooLong", "メッセージは 4,000 文字以内にしてください。",
                    "The message may be at most 4,000 characters.", 4000)));
        }
        if (body.isEmpty() && (files == null || files.isEmpty())) {
            throw ApplicationRecords.invalid(List.of(FieldError.of("text", "messageEmpty", "メッセージを書くか、書類を添付してください。",
                    "Write a message or attach a document.")));
        }
        ProcedureDefinition d = apps.definition(row);
        String req = requirementId == null || requirementId.isBlank() ? null : requirement(d, requirementId).id();
        var stored = apps.store(row, req, files, "CITIZEN", myName());
        apps.event(row, "INFO_PROVIDED", myName(), true, body, Map.of("files", stored.stream().map(f -> f.id.toString()).toList()));
        row.status = ApplicationStatus.IN_REVIEW.name();
        apps.enterStep(row, d, row.stepIndex);
        row.updatedAt = OffsetDateTime.now();
        return apps.view(row, false, null);
    }

    /** Withdraws a filed application that is not decided yet (取下げ). */
    public ApplicationView withdraw(String ref, String reason) {
        ApplicationRow row = mine(ref, true);
        ApplicationStatus s = ApplicationStatus.valueOf(row.status);
        if (!s.open()) {
            throw ProblemException.conflict("cannot-withdraw", s == ApplicationStatus.DRAFT
                            ? "下書きは提出されていないため、取り下げる必要はありません。" : "この申請は「" + s.ja() + "」のため取り下げられません。",
                    s == ApplicationStatus.DRAFT ? "A draft was never filed, so there is nothing to withdraw."
                            : "This application is " + s.en().toLowerCase(java.util.Locale.ROOT) + " and cannot be withdrawn.");
        }
        row.status = ApplicationStatus.WITHDRAWN.name();
        row.decidedAt = OffsetDateTime.now();
        row.updatedAt = row.decidedAt;
        String why = reason == null ? "" : reason.strip();
        apps.event(row, "WITHDRAWN", myName(), true, why.length() > 2000 ? why.substring(0, 2000) : why, Map.of());
        events.withdrawn(row);
        return apps.view(row, false, null);
    }

    /** A file of one of my applications (my documents, the city's files, the result notice). */
    public AttachmentFile file(String fileId) {
        return apps.file(mine(apps.applicationOfFile(fileId), false), fileId);
    }

    /** The result notice PDF of one of my decided applications. */
    public AttachmentFile notice(String ref) {
        ApplicationRow row = mine(ref, false);
        ApplicationView v = apps.view(row, false, null);
        if (v.noticeId() == null) {
            throw ProblemException.notFound("result notice");
        }
        return apps.file(row, v.noticeId());
    }

    // ---------------------------------------------------------------- helpers

    private Receipt receipt(ApplicationRow row, boolean replay) {
        return new Receipt(row.id.toString(), row.receptionNumber, row.procedureName, row.submittedAt, nextJa(), nextEn(),
                replay);
    }

    static String nextJa() {
        return "担当者が内容を確認します。書類が足りないときはお知らせします。進み具合はマイページの「申請」で確かめられます。";
    }

    static String nextEn() {
        return "The city's staff will check it and tell you if anything is missing. Follow it under Applications on My page.";
    }

    private ApplicationRow mine(String ref, boolean lock) {
        ApplicationRow row = apps.find(ref, lock);
        if (!me().equals(row.applicantSubject)) {
            throw ProblemException.notFound("application");
        }
        return row;
    }

    private static void editable(ApplicationRow row) {
        if (!ApplicationStatus.DRAFT.name().equals(row.status)) {
            ApplicationStatus s = ApplicationStatus.valueOf(row.status);
            throw ProblemException.conflict("application-submitted", "提出済みの申請（受付番号 " + row.receptionNumber
                    + "、" + s.ja() + "）は変更できません。書類を求められたときは「追加書類の提出」から送ってください。",
                    "A submitted application (reception number " + row.receptionNumber + ", " + s.en()
                            + ") cannot be changed; answer a request for more information instead.");
        }
    }

    private static ProcedureDefinition.Requirement requirement(ProcedureDefinition d, String id) {
        return d.requirement(id == null ? "" : id).orElseThrow(() -> ApplicationRecords.invalid(List.of(FieldError.of(
                "requirement", "noSuchDocument", "この手続きに添付書類「" + id + "」はありません。",
                "This procedure has no document \"" + id + "\".", id))));
    }

    private static Map<String, String> clean(Map<String, String> answers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (answers != null) {
            answers.forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    out.put(k.strip(), v.strip());
                }
            });
        }
        if (out.size() > 500) {
            throw ApplicationRecords.invalid(List.of(FieldError.of("answers", "tooManyAnswers", "項目が多すぎます。", "Too many answers.")));
        }
        return out;
    }

    private static String key(String k) {
        if (k == null || k.isBlank()) {
            return null;
        }
        if (k.length() > 200) {
            throw ProblemException.badRequest("idempotency-key", "Idempotency-Key は 200 文字までです。",
                    "Idempotency-Key may be at most 200 characters.");
        }
        return k.strip();
    }

    /**
     * The caller's immutable subject id: applications belong to it, never to the user name (a closed account's name
     * may be taken by a new person, who must find none of the first one's applications).
     */
    private String me() {
        String s = identity.subject();
        if (s == null || s.isBlank()) {
            throw ProblemException.forbidden("not-signed-in", "ログインしてください。", "Please sign in.");
        }
        return s;
    }

    /** The caller's user name: who did something, as people read it (events, files). */
    private String myName() {
        me();
        return identity.username();
    }
}
