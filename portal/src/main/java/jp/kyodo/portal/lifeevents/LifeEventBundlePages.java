package jp.kyodo.portal.lifeevents;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.lifeevents.BundleCatalogue;
import jp.kyodo.agents.lifeevents.BundleDefinition;
import jp.kyodo.agents.lifeevents.BundleView;
import jp.kyodo.agents.lifeevents.CertificatePhotos;
import jp.kyodo.agents.lifeevents.LifeEventBundles;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.portal.profile.CitizenPage;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * Life-event bundles on pages ({@code pages/bundles.jte}, {@code pages/bundle.jte}): the offer (出生・転入・おくやみ) and
 * my bundles; one bundle with its one open question as a form, what was taken from the record and from where, the
 * plan (which applications, which values, from where), the button that prepares the drafts and a link to each draft's
 * own page, where the person reviews and submits it. Every act goes through {@link LifeEventBundles}, the service of
 * the API; a refused answer comes back as the form with the error summary (400), nothing saved.
 */
@Path("c/{code}/me/life-events")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class LifeEventBundlePages {

    @Inject
    TenantContext tenant;
    @Inject
    LifeEventBundles bundles;
    @Inject
    jp.kyodo.agents.lifeevents.BundleTurns turns;
    @Inject
    BundleCatalogue catalogue;
    @Inject
    PageLanguage language;
    @Inject
    AttachmentRules rules;
    @Inject
    CertificatePhotos photos;
    @Inject
    jp.kyodo.crm.applications.Procedures procedures;
    @Inject
    jp.kyodo.crm.applications.MyApplications applications;
    @Context
    HttpServletRequest request;

    /** The field of 「ことばで答える」. */
    static final String WORDS = "words";

    /** A bundle on offer. */
    /** The query parameter of the "what happened?" box on the offer page. */
    static final String SAID = "said";

    public record Offer(String id, Content name, Content summary) {
    }

    /** One of my bundles. */
    public record Mine(String id, Content name, String started) {
    }

    /** The open question as a form: radios for a choice, else one input. */
    public record Question(String id, Content label, Content hint, String type, List<Ui.Option> options, FormState form,
                           boolean changing) {
    }

    /** A value with its question or field and where it comes from. */
    public record Value(Content label, Content value, Content from, String change) {
    }

    /** A value read from a certificate photo, waiting for the person: the question, the value, how to use it. */
    public record Proposal(Content label, Content value, String change, boolean open) {
    }

    /**
     * Reading a certificate photo: available or not, the upload form (with its error), what the last photo gave, and
     * the proposals still waiting.
     */
    public record Photo(boolean available, FormState form, String bannerKind, Content banner, Content document,
                        List<Proposal> proposals) {
    }

    /** A step of the plan. */
    public record Step(int order, Content name, Content subject, String tagKind, Content state, Content note,
                       List<Value> values, String draftId, Content draftStatus, boolean filed, Confirm confirm) {
    }

    /**
     * A prepared draft the person can file from the bundle page: every value it will file (what the digest covers), and
     * when nothing is missing, the confirmation form (the application, the digest, one checkbox).
     */
    public record Confirm(String applicationId, String digest, List<Value> values, boolean ready, boolean card,
                          List<Ui.Option> option, FormState form) {
    }

    @GET
    public Response list(@PathParam("code") String code, @QueryParam(SAID) String said) {
        City city = tenant.city();
        Text t = language.text(PortalPages.MESSAGES);
        boolean en = "en".equals(t.tag());
        List<Offer> offer = bundles.available().stream().map(a -> offer(en, a)).toList();
        List<Mine> mine = bundles.mine().stream().map(m -> new Mine(m.id(), catalogue.find(m.bundle())
                .map(d -> data(en, d.name(), d.nameEn())).orElse(Ui.japanese(m.name())),
                m.createdAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate().toString())).toList();
        // "what happened?" in the person's words: the bundles it names are offered at the top (the person starts one)
        FormState saidForm = FormState.empty().value(SAID, said == null ? "" : said);
        List<Offer> heard = null;
        int status = 200;
        if (said != null) {
            try {
                heard = bundles.heard(said).stream().map(a -> offer(en, a)).toList();
            } catch (ProblemException e) {
                saidForm = saidForm.error(SAID, said.isBlank() ? t.t("bundles.said.error.empty")
                        : t.t("bundles.said.error.long", BundleCatalogue.MAX_SAID));
                status = 400;
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", base(city));
        params.put("offer", offer);
        params.put("mine", mine);
        params.put("said", saidForm);
        params.put("heard", heard);
        params.put("request", request);
        String title = (status == 400 ? t.plain("bundles.errorTitle") + " " : "") + t.plain("bundles.title") + " — "
                + city.name();
        return html(status, PageShell.page(t.tag(), title, city,
                PortalPages.TEMPLATES.content("pages/bundles.jte", params), null));
    }

    private static Offer offer(boolean en, BundleView.Available a) {
        return new Offer(a.id(), data(en, a.name(), a.nameEn()), Ui.japanese(a.summary()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@PathParam("code") String code) {
        City city = tenant.city();
        // read through the servlet request: the central form check may already have parsed the body
        BundleView v = bundles.start(request.getParameter("bundle"));
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + v.id())).build();
    }

    @GET
    @Path("{id}")
    public Response bundle(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("change") String change) {
        City city = tenant.city();
        BundleView v = bundles.get(id);
        return page(city, v, change, FormState.empty(), 200);
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        String question = request.getParameter("question");
        String value = request.getParameter("value");
        try {
            bundles.answer(id, question, value);
        } catch (ProblemException e) {
            if (e.status() != 400 || !"invalid-answer".equals(e.type())) {
                throw e;
            }
            BundleView v = bundles.get(id);
            Text t = language.text(PortalPages.MESSAGES);
            BundleDefinition.Question q = definition(v).question(question == null ? "" : question).orElse(null);
            FormState form = FormState.empty().value("value", value == null ? "" : value)
                    .error("value", q == null ? t.t("bundles.error.text", 200) : refusal(t, q));
            String shown = v.question() != null && q != null && v.question().id().equals(q.id()) ? null : question;
            return page(city, v, shown, form, 400);
        }
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + id)).build();
    }

    /**
     * 「ことばで答える」: the person's own words for the open question, through the same service path as the API's
     * {@code say} ({@link jp.kyodo.agents.lifeevents.BundleTurns#say}): the city's model reads them into the question's
     * value under the bundle's declared tools, and the value is taken exactly as a typed answer (checked by the same
     * rules). The page then shows what was read, marked, with a link to change it; nothing is filed without the
     * person's own confirmation of each draft. Words that give no acceptable value come back in the box with the reason.
     */
    @POST
    @Path("{id}/say")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response say(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        String words = request.getParameter(WORDS);
        Text t = language.text(PortalPages.MESSAGES);
        BundleView before = bundles.get(id); // somebody else's bundle is 404 here already
        String open = before.question() == null ? null : before.question().id();
        LifeEventBundles.Said said;
        try {
            said = turns.say(id, words, null, t.tag());
        } catch (ProblemException e) {
            Content message;
            if (e.status() == 400 && "invalid-answer".equals(e.type())) {
                message = t.t("bundlesay.error.empty");
            } else if (e.status() == 400 && "words-too-long".equals(e.type())) {
                message = t.t("bundlesay.error.long", LifeEventBundles.MAX_WORDS,
                        words == null ? 0 : words.codePointCount(0, words.length()));
            } else if (e.status() == 409) {
                message = t.t("bundlesay.error.changed");
            } else {
                throw e;
            }
            return saidRefused(city, id, words, message, e.status());
        }
        if (said.notTaken() != null) {
            return saidRefused(city, id, words, said.modelError() != null ? t.t("bundlesay.error.model")
                    : t.t("bundlesay.error.notTaken"), 400);
        }
        String asked = open != null && said.bundle().answers().containsKey(open) ? open : null;
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + id + "?said="
                + (asked == null ? "" : asked) + (said.model() ? "" : "&plain") + "#said")).build();
    }

    private Response saidRefused(City city, String id, String words, Content message, int status) {
        FormState sayForm = FormState.empty().value(WORDS, words == null ? "" : words).error(WORDS, message);
        return page(city, bundles.get(id), null, FormState.empty(), status, FormState.empty(), null, FormState.empty(),
                sayForm);
    }

    @POST
    @Path("{id}/photo")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response photo(@PathParam("code") String code, @PathParam("id") String id, List<EntityPart> parts) {
        City city = tenant.city();
        AttachmentRules.Form form = rules.readForm(parts, request);
        if (form.field(FormToken.FIELD).isEmpty()) {
            throw new ForbiddenException(); // SameOriginForms checks every page form already; this keeps the handler safe on its own
        }
        Text t = language.text(PortalPages.MESSAGES);
        Upload file = form.files().isEmpty() ? null : form.files().get(0);
        if (file == null || file.size() == 0) {
            return photoRefused(city, id, t.t("bundles.photo.error.missing"), 400);
        }
        try {
            BundleView v = turns.readPhoto(id, file.tooLarge() ? new byte[0] : file.bytes());
            return Response.seeOther(URI.create(base(city) + "me/life-events/" + id + "?photo="
                    + v.photo().lastRead() + "#photo-section")).build();
        } catch (ProblemException e) {
            Content message = switch (e.type()) {
                case "photo-too-large" -> t.t("bundles.photo.error.size", photos.maxBytes() >> 20);
                case "photo-type" -> t.t("bundles.photo.error.type");
                case "photo-unreadable" -> t.t("bundles.photo.error.unreadable");
                case "photo-reading-busy" -> t.t("bundles.photo.error.busy");
                case "photo-reading-unavailable" -> t.t("bundles.photo.unavailable");
                default -> null;
            };
            if (message == null) {
                throw e;
            }
            return photoRefused(city, id, message, e.status());
        }
    }

    private Response photoRefused(City city, String id, Content message, int status) {
        return page(city, bundles.get(id), null, FormState.empty(), status, FormState.empty().error("photo", message),
                null, FormState.empty());
    }

    /**
     * The person files one prepared draft from the bundle page: the confirmation rule of the API ({@code confirm: true}
     * = the ticked box, the digest of the values shown), through the same {@link LifeEventBundles#confirm} (audited).
     */
    @POST
    @Path("{id}/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response confirm(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        String app = request.getParameter("applicationId");
        String field = "confirm-" + (app == null ? "" : app);
        boolean ticked = app != null && "true".equals(request.getParameter(field));
        try {
            bundles.confirm(id, app, ticked ? Boolean.TRUE : null, request.getParameter("digest"));
        } catch (ProblemException e) {
            Text t = language.text(PortalPages.MESSAGES);
            Content message;
            if (e.status() == 400 && "invalid-answer".equals(e.type())) {
                message = t.t("bundles.confirm.error.check");
            } else if (e.status() == 409 && "plan-changed".equals(e.type())) {
                message = t.t("bundles.confirm.error.changed");
            } else if (e.status() == 409 && "signature-required".equals(e.type())) {
                message = t.t("bundles.confirm.error.card");
            } else if (e.status() == 400) {
                message = t.t("bundles.confirm.error.refused");
            } else {
                throw e;
            }
            return page(city, bundles.get(id), null, FormState.empty(), e.status(), FormState.empty(), app,
                    FormState.empty().error(field, message));
        }
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + id + "?filed#plan")).build();
    }

    @POST
    @Path("{id}/drafts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response prepare(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        bundles.prepare(id);
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + id + "?prepared")).build();
    }

    /** 「相談したい」: the bundle becomes a case of the contact centre (asking again changes nothing). */
    @POST
    @Path("{id}/help")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response help(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        bundles.askForHelp(id);
        return Response.seeOther(URI.create(base(city) + "me/life-events/" + id + "#help-title")).build();
    }

    // ------------------------------------------------------------------ the bundle page

    private Response page(City city, BundleView v, String change, FormState form, int status) {
        return page(city, v, change, form, status, FormState.empty(), null, FormState.empty());
    }

    private Response page(City city, BundleView v, String change, FormState form, int status, FormState photoForm,
                          String confirmApp, FormState confirmForm) {
        return page(city, v, change, form, status, photoForm, confirmApp, confirmForm, FormState.empty());
    }

    private Response page(City city, BundleView v, String change, FormState form, int status, FormState photoForm,
                          String confirmApp, FormState confirmForm, FormState sayForm) {
        Text t = language.text(PortalPages.MESSAGES);
        boolean en = "en".equals(t.tag());
        BundleDefinition d = definition(v);
        // the open question; or an earlier answer (or a value from the record) the person asked to change
        BundleDefinition.Question open = null;
        boolean changing = false;
        if (change != null && (v.answers().containsKey(change) || v.known().containsKey(change))) {
            open = d.question(change).orElse(null);
            changing = open != null;
        }
        if (open == null && v.question() != null) {
            open = d.question(v.question().id()).orElse(null);
        }
        Question question = null;
        if (open != null) {
            FormState f = form;
            String proposed = v.photo() == null ? null : v.photo().proposals().get(open.id());
            if (!f.hasErrors()) {
                String current = proposed != null ? proposed : v.answers().getOrDefault(open.id(), v.known().get(open.id()));
                f = FormState.empty().value("value", current == null ? "" : current);
            }
            question = question(t, en, open, f, changing);
            if (proposed != null && question.options() == null) {
                // the value is the photo's, not the person's: said at the field, until they answer
                question = new Question(question.id(), question.label(), "date".equals(question.type())
                        ? t.t("bundles.photo.markDate") : t.t("bundles.photo.mark"), question.type(), null, question.form(),
                        question.changing());
            }
        }
        Photo photo = photo(t, en, d, v, open, photoForm);
        // 「ことばで答える」: only for the planner's open question (not an answer being changed), and only with a model
        // (shown with its error after a refused post even if the model went away meanwhile, so the error has its field)
        FormState say = question != null && !changing && (sayForm.hasErrors() || bundles.readsWords()) ? sayForm : null;
        Content said = said(t, en, d, v);
        // both in the order the bundle asks its questions
        List<Value> known = new ArrayList<>();
        List<Value> answers = new ArrayList<>();
        for (BundleDefinition.Question dq : d.questions()) {
            String q = dq.id();
            if (v.known().containsKey(q)) {
                known.add(new Value(data(en, dq.ask(), dq.askEn()), answerText(t, en, dq, v.known().get(q)),
                        source(t, "record:" + dq.known()), q));
            }
            if (v.answers().containsKey(q)) {
                answers.add(new Value(data(en, dq.ask(), dq.askEn()), answerText(t, en, dq, v.answers().get(q)),
                        t.t("bundles.from.answer"), q));
            }
        }
        List<Step> steps = v.steps().stream().map(s -> step(t, en, d, s, s.application() != null
                && s.application().id().equals(confirmApp) ? confirmForm : FormState.empty(), words(t, en, s), applications::needsCardSignature)).toList();
        boolean drafted = steps.stream().anyMatch(s -> s.draftId() != null);
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", base(city));
        params.put("id", v.id());
        params.put("name", data(en, v.name(), v.nameEn()));
        params.put("status", v.status());
        params.put("question", question);
        params.put("known", known);
        params.put("answers", answers);
        params.put("steps", steps);
        params.put("drafted", drafted);
        params.put("prepared", request.getParameter("prepared") != null);
        params.put("photo", photo);
        params.put("say", say);
        params.put("said", said);
        params.put("saidChange", said == null ? null : request.getParameter("said"));
        params.put("confirmErrors", confirmForm);
        params.put("filed", request.getParameter("filed") != null);
        params.put("helpCase", v.help() == null ? null : v.help().caseReference() == null ? "" : v.help().caseReference());
        params.put("request", request);
        String title = (form.hasErrors() || photoForm.hasErrors() || confirmForm.hasErrors() || sayForm.hasErrors() ? t.plain("bundles.errorTitle") + " " : "")
                + (en ? v.nameEn() : v.name()) + " — " + city.name();
        return html(status, PageShell.page(t.tag(), title, city, PortalPages.TEMPLATES.content("pages/bundle.jte", params),
                null));
    }

    /**
     * After 「ことばで答える」 ({@code ?said=question}): what was read from the person's words into that question, to
     * check; null when there is nothing to show.
     */
    private Content said(Text t, boolean en, BundleDefinition d, BundleView v) {
        String q = request.getParameter("said");
        if (q == null || !v.answers().containsKey(q)) {
            return null;
        }
        return d.question(q).map(dq -> request.getParameter("plain") != null
                ? t.t("bundlesay.readPlain", data(en, dq.ask(), dq.askEn()), answerText(t, en, dq, v.answers().get(q)))
                : t.t("bundlesay.read", data(en, dq.ask(), dq.askEn()), answerText(t, en, dq, v.answers().get(q))))
                .orElse(null);
    }

    /** The photo section: the form when Tesseract is here, what the last photo gave, every proposal still waiting. */
    private Photo photo(Text t, boolean en, BundleDefinition d, BundleView v, BundleDefinition.Question open, FormState form) {
        if (v.photo() == null || d.questions().stream().noneMatch(q -> q.photo() != null)) {
            return null; // this bundle takes nothing from a photo
        }
        List<Proposal> proposals = new ArrayList<>();
        v.photo().proposals().forEach((q, value) -> d.question(q).ifPresent(dq -> {
            boolean changeable = v.answers().containsKey(q) || v.known().containsKey(q);
            proposals.add(new Proposal(data(en, dq.ask(), dq.askEn()), Ui.japanese(value), changeable ? q : null,
                    open != null && open.id().equals(q)));
        }));
        String read = request.getParameter("photo");
        String kind = null;
        Content banner = null;
        if (read != null && !form.hasErrors()) {
            kind = "0".equals(read) ? "info" : "success";
            banner = "0".equals(read) ? t.t("bundles.photo.readNone") : t.t("bundles.photo.readCount", v.photo().lastRead());
        }
        Content document = v.photo().document() == null ? null : switch (v.photo().document()) {
            case "birth-certificate" -> t.t("bundles.photo.doc.birth");
            case "health-insurance" -> t.t("bundles.photo.doc.insurance");
            case "boshi-techo" -> t.t("bundles.photo.doc.boshi");
            default -> null;
        };
        return new Photo(v.photo().available(), form, kind, banner, document, proposals);
    }

    private static Question question(Text t, boolean en, BundleDefinition.Question q, FormState f, boolean changing) {
        Content label = data(en, q.ask(), q.askEn());
        return switch (q.type()) {
            case CHOICE -> new Question(q.id(), label, null, "choice", q.options().stream().map(o -> new Ui.Option(o.value(),
                    data(en, o.label(), o.labelEn()), false)).toList(), f, changing);
            case YESNO -> new Question(q.id(), label, null, "choice", List.of(new Ui.Option("yes", t.t("bundles.yes"), false),
                    new Ui.Option("no", t.t("bundles.no"), false)), f, changing);
            case DATE -> new Question(q.id(), label, t.t("bundles.hint.date"), "date", null, f, changing);
            case PHONE -> new Question(q.id(), label, t.t("bundles.hint.phone"), "tel", null, f, changing);
            case NUMBER -> new Question(q.id(), label, null, "number", null, f, changing);
            default -> new Question(q.id(), label, null, "text", null, f, changing);
        };
    }

    /** Why an answer was refused, in the page's language (the service checked it: {@code AnswerRules}). */
    private static Content refusal(Text t, BundleDefinition.Question q) {
        return switch (q.type()) {
            case DATE -> t.t("bundles.error.date");
            case CHOICE, YESNO -> t.t("bundles.error.choice");
            case PHONE -> t.t("bundles.error.phone");
            case NUMBER -> t.t("bundles.error.number", q.min() == null ? 0 : q.min(), q.max() == null ? 0 : q.max());
            default -> t.t("bundles.error.text", q.maxLength() == null ? 200 : q.maxLength());
        };
    }

    /** The words of the step's procedure form (its labels and options), when the city publishes it. */
    private FieldWords words(Text t, boolean en, BundleView.StepView s) {
        return new FieldWords(t, en, s.procedureId() == null ? null
                : procedures.publishedDefinition(s.procedureId()).orElse(null));
    }

    private static Step step(Text t, boolean en, BundleDefinition d, BundleView.StepView s, FormState confirmForm,
                             FieldWords words, java.util.function.Predicate<String> needsCard) {
        List<Value> values = new ArrayList<>();
        for (BundleView.ValueView vv : s.values()) {
            String from = vv.from();
            String change = from != null && from.startsWith("answer:") ? from.substring(7) : null;
            values.add(new Value(words.label(vv.field()), words.value(vv.field(), vv.value()), source(t, from), change));
        }
        String kind;
        Content state;
        switch (s.state()) {
            case "READY" -> {
                kind = "info";
                state = t.t("bundles.state.ready");
            }
            case "AT_COUNTER" -> {
                kind = "warning";
                state = t.t("bundles.state.counter");
            }
            case "NOT_NEEDED" -> {
                kind = "success";
                state = t.t("bundles.state.notNeeded");
            }
            case "NOT_OFFERED" -> {
                kind = "warning";
                state = t.t("bundles.state.notOffered");
            }
            case "WAITING" -> {
                kind = "warning";
                state = t.t("bundles.state.waiting");
            }
            default -> {
                kind = "info";
                state = t.t("bundles.state.open");
            }
        }
        String draftId = null;
        Content draftStatus = null;
        boolean filed = false;
        Confirm confirm = null;
        if (s.application() != null) {
            BundleView.DraftView a = s.application();
            draftId = a.id();
            filed = !"DRAFT".equals(a.status());
            draftStatus = filed ? t.t("bundles.draft.filed") : t.t("bundles.draft.draft");
            if (!filed) {
                // exactly the values the digest covers: what the person confirms is what they see here
                List<Value> all = a.values().stream()
                        .sorted(java.util.Comparator.comparing(BundleView.ValueView::field, words.formOrder()))
                        .map(vv -> new Value(words.label(vv.field()),
                        words.value(vv.field(), vv.value()), source(t, vv.from()), null)).toList();
                // a procedure the city files only with the My Number card's signature: signed on the application's own
                // review page (the card's flow), never by the tick here
                confirm = new Confirm(a.id(), a.digest(), all, a.missing() == null || a.missing().isEmpty(),
                        needsCard.test(a.id()),
                        List.of(new Ui.Option("true", t.t("bundles.confirm.check"), false)), confirmForm);
            }
        }
        Content note = s.note() == null || s.note().isBlank() ? null : data(en, s.note(), s.noteEn());
        Content subject = s.subjectName() == null || s.subjectName().isBlank() ? null : Ui.japanese(s.subjectName());
        return new Step(s.order(), data(en, s.name(), s.nameEn()), subject, kind, state, note, values, draftId,
                draftStatus, filed, confirm);
    }

    /** Where a value comes from: an answer, the profile, the household, the bundle itself. */
    private static Content source(Text t, String from) {
        if (from == null) {
            return t.t("bundles.from.other");
        }
        if (from.startsWith("answer:")) {
            return t.t("bundles.from.answer");
        }
        if (from.startsWith("record:profile")) {
            return t.t("bundles.from.profile");
        }
        if (from.startsWith("record:household")) {
            return t.t("bundles.from.household");
        }
        if (from.equals("bundle")) {
            return t.t("bundles.from.bundle");
        }
        return t.t("bundles.from.other");
    }

    /** A choice's label instead of its code. */
    private static Content answerText(Text t, boolean en, BundleDefinition.Question q, String value) {
        if (q.type() == BundleDefinition.Type.YESNO) {
            return "yes".equals(value) ? t.t("bundles.yes") : t.t("bundles.no");
        }
        if (q.options() != null) {
            for (BundleDefinition.Option o : q.options()) {
                if (o.value().equals(value)) {
                    return data(en, o.label(), o.labelEn());
                }
            }
        }
        return Ui.japanese(value);
    }

    private BundleDefinition definition(BundleView v) {
        return catalogue.find(v.bundle()).orElseThrow(() -> ProblemException.notFound("bundle definition"));
    }

    /** The bundle's own words: English on an English page, else its Japanese (marked). */
    private static Content data(boolean en, String ja, String english) {
        return en && english != null && !english.isBlank() ? Ui.text(english) : Ui.japanese(ja == null ? "" : ja);
    }

    private static String base(City city) {
        return "/c/" + city.code() + "/";
    }

    private static Response html(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
