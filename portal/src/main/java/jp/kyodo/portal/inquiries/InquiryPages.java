package jp.kyodo.portal.inquiries;


import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.cases.Attachment;
import jp.kyodo.crm.cases.AttachmentRejected;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseMessage;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.CaseSummary;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.MyInquiries;
import jp.kyodo.crm.cases.NewInquiry;
import jp.kyodo.crm.cases.Upload;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.portal.profile.CitizenPages;
import jp.kyodo.portal.profile.CitizenText;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * A citizen's inquiries to their city ({@code /c/<code>/inquiries…}; templates {@code pages/inquiries.jte},
 * {@code inquiryForm.jte}, {@code inquiry.jte}): the contact form with attachments, the list with each inquiry's
 * status, and the thread with the city's replies where the citizen answers back. Only a person signed in to this city
 * with the citizen role; anybody else's inquiry is "not found". A refused form comes back with 400 (413 for a file too
 * large), the error summary and each message at its field, what was typed kept — a chosen file cannot be kept by a
 * browser, and the page says so at the file input. A sent form answers 303 (Post/Redirect/Get).
 */
@Path("c/{code}/inquiries")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class InquiryPages {

    @Inject
    TenantContext tenant;
    @Inject
    SecurityContext security;
    @Inject
    MyInquiries inquiries;
    @Inject
    PageLanguage language;
    @Inject
    AttachmentRules attachmentRules;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    /** One inquiry in the list. */
    public record Row(String number, String subject, Content status, String received) {
    }

    /** One message of a thread; {@code mine} when the citizen wrote it. */
    public record Message(Content who, String when, String body, boolean mine, List<File> files) {
    }

    /** A file of a message, with its download address. */
    public record File(String href, String name, String size) {
    }

    @GET
    public Response list(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null) {
            return gate;
        }
        Text t = text();
        List<Row> rows = inquiries.list().stream().map(s -> row(t, s)).toList();
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("rows", rows);
        return CitizenPages.page(t, city, t.plain("inquiry.list.title"), "pages/inquiries.jte", p, 200);
    }

    private static Row row(Text t, CaseSummary s) {
        return new Row(s.receptionNumber(), s.subject(), t.t(InquiryText.statusKey(s.status())), CitizenText.date(s.createdAt(), t.tag()));
    }

    @GET
    @Path("new")
    public Response form(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null) {
            return gate;
        }
        return formPage(city, text(), FormState.empty(), null, 200);
    }

    @POST
    @Path("new")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@PathParam("code") String code,
                           List<EntityPart> parts) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null) {
            return gate;
        }
        AttachmentRules.Form form = attachmentRules.readForm(parts, request);
        return submit(city, code, form.field("category"), form.field("subject"), form.field("message"),
                form.field(FormToken.FIELD), form.files());
    }

    /** The same form sent without files (a client that posts it URL-encoded). */
    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submitWithoutFiles(@PathParam("code") String code, @FormParam("category") String category,
                                       @FormParam("subject") String subject, @FormParam("message") String message,
                                       @FormParam(FormToken.FIELD) String token) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null) {
            return gate;
        }
        return submit(city, code, category == null ? "" : category, subject == null ? "" : subject,
                message == null ? "" : message, token, List.of());
    }

    private Response submit(City city, String code, String cat, String subj, String msg, String token, List<Upload> files) {
        Text t = text();
        FormState typed = FormState.empty().value("category", cat).value("subject", subj).value("message", msg);
        if (!FormToken.valid(request, token)) {
            return formPage(city, t, withFileNote(t, typed, files), t.t("inquiry.error.expired"), 400);
        }
        FormState checked = validate(t, cat, subj, msg);
        if (checked.hasErrors()) {
            return formPage(city, t, withFileNote(t, checked, files), null, 400);
        }
        try {
            CaseDetail d = inquiries.submit(new NewInquiry(cat, subj, msg), files);
            return Response.seeOther(URI.create("/c/" + code + "/inquiries/" + d.receptionNumber() + "?sent=1")).build();
        } catch (AttachmentRejected e) {
            return formPage(city, t, typed.error("file", fileError(t, e)), null, pageStatus(e));
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            return formPage(city, t, withFileNote(t, typed, files), t.t("inquiry.error.refused"), 400);
        }
    }

    @GET
    @Path("{number}")
    public Response thread(@PathParam("code") String code, @PathParam("number") String number,
                           @QueryParam("sent") String sent) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null) {
            return gate;
        }
        return threadPage(city, text(), found(number), sent != null, FormState.empty(), null, 200);
    }

    @POST
    @Path("{number}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@PathParam("code") String code, @PathParam("number") String number,
                           List<EntityPart> parts) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null) {
            return gate;
        }
        AttachmentRules.Form form = attachmentRules.readForm(parts, request);
        return answer(city, code, number, form.field("message"), form.field(FormToken.FIELD), form.files());
    }

    /** The same answer sent without files (URL-encoded). */
    @POST
    @Path("{number}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answerWithoutFiles(@PathParam("code") String code, @PathParam("number") String number,
                                       @FormParam("message") String message, @FormParam(FormToken.FIELD) String token)
            throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null) {
            return gate;
        }
        return answer(city, code, number, message == null ? "" : message, token, List.of());
    }

    private Response answer(City city, String code, String number, String msg, String token, List<Upload> files) {
        Text t = text();
        FormState typed = FormState.empty().value("message", msg);
        if (!FormToken.valid(request, token)) {
            return threadPage(city, t, found(number), false, withFileNote(t, typed, files), t.t("inquiry.error.expired"), 400);
        }
        int length = msg.strip().length();
        Content error = msg.isBlank() ? t.t("inquiry.error.reply")
                : length > CaseMessage.MAX ? t.t("inquiry.error.reply.long", CaseMessage.MAX, length) : null;
        if (error != null) {
            return threadPage(city, t, found(number), false, withFileNote(t, typed.error("message", error), files), null, 400);
        }
        try {
            CaseDetail d = inquiries.answer(number, new CaseMessage(msg), files);
            return Response.seeOther(URI.create("/c/" + code + "/inquiries/" + d.receptionNumber())).build();
        } catch (AttachmentRejected e) {
            return threadPage(city, t, found(number), false, typed.error("file", fileError(t, e)), null, pageStatus(e));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            if (e.status() == 409) {
                return threadPage(city, t, found(number), false, typed, t.t("inquiry.error.closed"), 409);
            }
            throw e;
        }
    }

    /** A file of one of the citizen's own inquiries; anybody else's (or another city's) is "not found". */
    @GET
    @Path("{number}/attachments/{id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("code") String code, @PathParam("number") String number,
                             @PathParam("id") String id) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null) {
            return gate;
        }
        try {
            return inquiries.attachment(number, id).response();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ what the pages say

    /** The form's errors by field, in the form's order and the page's language; the typed values kept. */
    static FormState validate(Text t, String category, String subject, String message) {
        FormState f = FormState.empty().value("category", category).value("subject", subject).value("message", message);
        if (Category.of(category).isEmpty()) {
            f.error("category", t.t("inquiry.error.category"));
        }
        if (subject.isBlank()) {
            f.error("subject", t.t("inquiry.error.subject"));
        } else if (subject.strip().length() > NewInquiry.SUBJECT_MAX) {
            f.error("subject", t.t("inquiry.error.subject.long", NewInquiry.SUBJECT_MAX, subject.strip().length()));
        }
        if (message.isBlank()) {
            f.error("message", t.t("inquiry.error.message"));
        } else if (message.strip().length() > NewInquiry.MESSAGE_MAX) {
            f.error("message", t.t("inquiry.error.message.long", NewInquiry.MESSAGE_MAX, message.strip().length()));
        }
        return f;
    }

    /** What the page says about a refused file: what was wrong, and that the file must be chosen again. */
    static Content fileError(Text t, AttachmentRejected e) {
        List<String> v = e.values();
        return switch (e.type()) {
            case "too-many-attachments" -> t.t("inquiry.file.tooMany", v.get(0), v.get(1), v.get(2), v.get(3));
            case "empty-attachment" -> t.t("inquiry.file.empty", v.get(0));
            case "attachment-too-large" -> t.t("inquiry.file.tooLarge", v.get(0), v.get(1), v.get(2));
            default -> t.t("inquiry.file.type", e.fileName());
        };
    }

    private static int pageStatus(AttachmentRejected e) {
        return e.status() == 413 ? 413 : 400;
    }

    /** Browsers cannot keep a chosen file: when the form comes back for another reason, say so at the file input. */
    static FormState withFileNote(Text t, FormState form, List<Upload> files) {
        if (files.isEmpty()) {
            return form;
        }
        String names = String.join(t.plain("inquiry.file.separator"), files.stream().map(Upload::fileName).toList());
        return form.error("file", t.t("inquiry.file.again", names));
    }

    // ------------------------------------------------------------------ pages

    private Response formPage(City city, Text t, FormState form, Content problem, int status) {
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("form", form);
        p.put("problem", problem);
        p.put("cityName", city.name());
        p.put("categories", categories(t));
        p.put("subjectMax", NewInquiry.SUBJECT_MAX);
        p.put("messageMax", NewInquiry.MESSAGE_MAX);
        fileInput(t, p);
        String title = t.plain("inquiry.form.title");
        return CitizenPages.page(t, city, form.hasErrors() || problem != null ? t.plain("profile.titleError", title) : title,
                "pages/inquiryForm.jte", p, status);
    }

    private static List<Ui.Option> categories(Text t) {
        List<Ui.Option> l = new ArrayList<>();
        l.add(new Ui.Option("", Ui.text(t.plain("inquiry.form.choose")), false));
        for (Category c : Category.values()) {
            l.add(new Ui.Option(c.code(), Ui.text(t.plain(InquiryText.categoryKey(c))), false));
        }
        return l;
    }

    private Response threadPage(City city, Text t, CaseDetail d, boolean sent, FormState form, Content problem, int status) {
        String base = "/c/" + city.code() + "/";
        List<Message> messages = new ArrayList<>();
        for (CaseEvent e : d.timeline()) {
            if (e.kind() == EventKind.STATUS) {
                continue;
            }
            Content who = switch (e.kind()) {
                case CITIZEN_MESSAGE -> t.t("inquiry.thread.you");
                case STAFF_REPLY -> t.t("inquiry.thread.city");
                case TRANSCRIPT -> t.t("inquiry.thread.transcript");
                default -> t.t("inquiry.thread.reception");
            };
            List<File> files = e.attachments().stream().map(a -> file(base, d, a)).toList();
            messages.add(new Message(who, CitizenText.when(e.at(), t.tag()), e.body(), e.kind() == EventKind.CITIZEN_MESSAGE, files));
        }
        Map<String, Object> p = CitizenPages.params(t, city, request);
        p.put("number", d.receptionNumber());
        p.put("subject", d.subject());
        p.put("category", InquiryText.category(t, d.category()));
        p.put("status", t.t(InquiryText.statusKey(d.status())));
        p.put("received", CitizenText.date(d.createdAt(), t.tag()));
        p.put("sent", sent);
        p.put("messages", messages);
        p.put("open", d.status() != CaseStatus.CLOSED);
        p.put("form", form);
        p.put("problem", problem);
        p.put("replyMax", CaseMessage.MAX);
        fileInput(t, p);
        String title = t.plain("inquiry.thread.title", d.receptionNumber());
        return CitizenPages.page(t, city, form.hasErrors() || problem != null ? t.plain("profile.titleError", title) : title,
                "pages/inquiry.jte", p, status);
    }

    /** The file input's limits in words and the types it accepts. */
    private void fileInput(Text t, Map<String, Object> p) {
        p.put("fileHint", t.t("inquiry.file.hint", attachmentRules.maxFiles(), AttachmentRules.readable(attachmentRules.maxFileBytes())));
        p.put("accept", AttachmentRules.accept());
    }

    private static File file(String base, CaseDetail d, Attachment a) {
        return new File(base + "inquiries/" + d.receptionNumber() + "/attachments/" + a.id(), a.fileName(), a.readableSize());
    }

    /** The citizen's inquiry with this number; "not found" for anybody else's. */
    private CaseDetail found(String number) {
        try {
            return inquiries.get(number);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new NotFoundException();
            }
            throw e;
        }
    }

    /**
     * Null when a citizen of this city is signed in; else the way to the city's sign-in (coming back here), the citizen pages' 403
     * refusal, or for one inquiry ({@code single}) "not found" so that nothing tells whether the number exists.
     */
    private Response gate(City city, String code, boolean single) throws Exception {
        return switch (PageGate.check(security, request, city, code, "citizen")) {
            case NOT_SIGNED_IN -> Response.seeOther(PageGate.signInThenBackTo(request, city)).build();
            case OTHER_CITY, MISSING_ROLE -> {
                if (single) {
                    throw new NotFoundException();
                }
                Text t = text();
                yield CitizenPages.page(t, city, t.plain("notMember.title"), "pages/notMember.jte", CitizenPages.params(t, city, request), 403);
            }
            case ADMITTED -> null;
        };
    }

    private Text text() {
        return language.text(PortalPages.MESSAGES);
    }

}
