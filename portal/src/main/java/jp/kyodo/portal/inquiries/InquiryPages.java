package jp.kyodo.portal.inquiries;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
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
import java.time.OffsetDateTime;
import java.time.chrono.JapaneseDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
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
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * A citizen's inquiries to their city ({@code /c/<code>/inquiries…}): the contact form, the list with each inquiry's
 * status, and the thread with the city's replies where the citizen answers back. Only a person signed in to this city
 * with the citizen role; anybody else's inquiry is "not found".
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class InquiryPages {

    static final DateTimeFormatter ERA = DateTimeFormatter.ofPattern("GGGGy年M月d日", Locale.JAPAN);
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
    static final String STYLE = "<style>textarea,input[type=text],select{font:inherit;max-width:40rem}textarea{width:100%}"
            + "textarea:focus,input:focus,select:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".error{border-left:4px solid #c00;padding-left:1rem}.done{border-left:4px solid #0a7d2c;padding-left:1rem}"
            + "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}"
            + ".msg{border-left:3px solid #0017c1;padding:.2rem .8rem;margin:.6rem 0}.msg.mine{border-color:#888}"
            + "select{max-width:100%}input[type=file]{font:inherit;max-width:100%}.files{margin:.2rem 0 .4rem}"
            + ".hint{color:#333;margin-top:0}</style>";

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

    @GET
    @Path("c/{code}/inquiries")
    public Response list(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        PageLanguage l = language;
        boolean en = l.english();
        String c = Html.escape(code);
        List<CaseSummary> mine = inquiries.list();
        String title = l.pick("お問い合わせ履歴", "Your inquiries");
        StringBuilder b = new StringBuilder("<h1>").append(title).append("</h1><p><a href=\"/c/").append(c)
                .append("/inquiries/new\">").append(l.pick("新しく問い合わせる", "Send a new inquiry")).append("</a></p>");
        if (mine.isEmpty()) {
            b.append("<p>").append(l.pick("お問い合わせはまだありません。", "You have no inquiries yet.")).append("</p>");
        } else {
            b.append("<table><caption>").append(l.pick("あなたのお問い合わせ", "Your inquiries")).append("</caption><thead><tr>")
                    .append("<th scope=\"col\">").append(l.pick("受付番号", "Reception number")).append("</th>")
                    .append("<th scope=\"col\">").append(l.pick("件名", "Subject")).append("</th><th scope=\"col\">")
                    .append(l.pick("状況", "Status")).append("</th><th scope=\"col\">").append(l.pick("受付日", "Received on"))
                    .append("</th></tr></thead><tbody>");
            for (CaseSummary s : mine) {
                b.append("<tr><th scope=\"row\"><a href=\"/c/").append(c).append("/inquiries/").append(Html.escape(s.receptionNumber()))
                        .append("\">").append(Html.escape(s.receptionNumber())).append("</a></th><td>").append(Html.escape(s.subject()))
                        .append("</td><td>").append(Html.escape(InquiryText.status(s.status(), en))).append("</td><td>")
                        .append(date(s.createdAt(), en)).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<p><a href=\"/c/").append(c).append("/me\">").append(l.pick("マイページへ戻る", "Back to My page")).append("</a></p>");
        return ok(city, title, b.toString());
    }

    @GET
    @Path("c/{code}/inquiries/new")
    public Response form(@PathParam("code") String code) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        return Response.ok(formPage(city, "", "", "", Map.of())).build();
    }

    @POST
    @Path("c/{code}/inquiries/new")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@PathParam("code") String code, List<EntityPart> parts) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        AttachmentRules.Form form = attachmentRules.readForm(parts, request);
        return submit(city, code, form.field("category"), form.field("subject"), form.field("message"),
                form.field(FormToken.FIELD), form.files());
    }

    /** The same form sent without files (a client that posts it URL-encoded). */
    @POST
    @Path("c/{code}/inquiries/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submitWithoutFiles(@PathParam("code") String code, @FormParam("category") String category,
                                       @FormParam("subject") String subject, @FormParam("message") String message,
                                       @FormParam(FormToken.FIELD) String token) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, false);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        return submit(city, code, category == null ? "" : category, subject == null ? "" : subject,
                message == null ? "" : message, token, List.of());
    }

    private Response submit(City city, String code, String cat, String subj, String msg, String token, List<Upload> files) {
        if (!FormToken.valid(request, token)) {
            return Response.status(400).entity(formPage(city, cat, subj, msg, withFileNote(files,
                    Map.of("form", language.pick("画面の有効期限が切れました。内容を確認して、もう一度送信してください。",
                            "This page has expired. Check what you wrote and send it again."))))).build();
        }
        Map<String, String> errors = validate(cat, subj, msg, language.english());
        if (!errors.isEmpty()) {
            return Response.status(400).entity(formPage(city, cat, subj, msg, withFileNote(files, errors))).build();
        }
        try {
            CaseDetail d = inquiries.submit(new NewInquiry(cat, subj, msg), files);
            return Response.seeOther(URI.create("/c/" + code + "/inquiries/" + d.receptionNumber() + "?sent=1")).build();
        } catch (AttachmentRejected e) {
            return Response.status(pageStatus(e)).entity(formPage(city, cat, subj, msg, Map.of("file", fileError(e))))
                    .build();
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            return Response.status(400).entity(formPage(city, cat, subj, msg, withFileNote(files,
                    Map.of("form", language.pick("お問い合わせを受け付けられませんでした。内容をご確認ください。",
                            "Your inquiry could not be accepted. Please check what you wrote."))))).build();
        }
    }

    @GET
    @Path("c/{code}/inquiries/{number}")
    public Response thread(@PathParam("code") String code, @PathParam("number") String number,
                           @QueryParam("sent") String sent) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        try {
            CaseDetail d = inquiries.get(number);
            return Response.ok(threadPage(city, d, sent == null ? null : language.pick("お問い合わせを受け付けました。受付番号は "
                    + d.receptionNumber() + " です。お問い合わせの際はこの番号をお伝えください。", "Your inquiry has been received. "
                    + "Your reception number is " + d.receptionNumber() + ". Please quote it when you contact the city."), "", null))
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            throw e;
        }
    }

    @POST
    @Path("c/{code}/inquiries/{number}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@PathParam("code") String code, @PathParam("number") String number, List<EntityPart> parts)
            throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        AttachmentRules.Form form = attachmentRules.readForm(parts, request);
        return answer(city, code, number, form.field("message"), form.field(FormToken.FIELD), form.files());
    }

    /** The same answer sent without files (URL-encoded). */
    @POST
    @Path("c/{code}/inquiries/{number}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answerWithoutFiles(@PathParam("code") String code, @PathParam("number") String number,
                                       @FormParam("message") String message, @FormParam(FormToken.FIELD) String token)
            throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        return answer(city, code, number, message == null ? "" : message, token, List.of());
    }

    private Response answer(City city, String code, String number, String msg, String token, List<Upload> files) {
        String again = files.isEmpty() ? "" : " " + againNote(files);
        try {
            if (!FormToken.valid(request, token)) {
                return Response.status(400).entity(threadPage(city, inquiries.get(number), null, msg,
                        Map.of("message", language.pick("画面の有効期限が切れました。もう一度送信してください。",
                                "This page has expired. Please send it again.") + again))).build();
            }
            String error = msg.isBlank() ? language.pick("返信の内容を入力してください。", "Enter your reply.")
                    : msg.strip().length() > CaseMessage.MAX ? language.pick("返信は" + CaseMessage.MAX + "文字以内で入力してください（いまは"
                    + msg.strip().length() + "文字です）。", "The reply must be " + CaseMessage.MAX + " characters or fewer (it is "
                    + msg.strip().length() + " now).") : null;
            if (error != null) {
                return Response.status(400).entity(threadPage(city, inquiries.get(number), null, msg,
                        Map.of("message", error + again))).build();
            }
            CaseDetail d = inquiries.answer(number, new CaseMessage(msg), files);
            return Response.seeOther(URI.create("/c/" + code + "/inquiries/" + d.receptionNumber())).build();
        } catch (AttachmentRejected e) {
            return Response.status(pageStatus(e)).entity(threadPage(city, inquiries.get(number), null, msg,
                    Map.of("file", fileError(e)))).build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            if (e.status() == 409) {
                return Response.status(409).entity(threadPage(city, inquiries.get(number), null, msg,
                        Map.of("message", language.pick("このお問い合わせは完了しているため、返信できません。新しいお問い合わせとしてお送りください。",
                                "This inquiry is closed, so you cannot reply. Please send it as a new inquiry.")))).build();
            }
            throw e;
        }
    }

    /** A file of one of the citizen's own inquiries; anybody else's (or another city's) is "not found". */
    @GET
    @Path("c/{code}/inquiries/{number}/attachments/{id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("code") String code, @PathParam("number") String number,
                             @PathParam("id") String id) throws Exception {
        City city = tenant.city();
        Response gate = gate(city, code, true);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        try {
            return inquiries.attachment(number, id).response();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city);
            }
            throw e;
        }
    }

    /** What the page says about a refused file: what was wrong, and that the file must be chosen again. */
    private String fileError(AttachmentRejected e) {
        return language.english() ? e.messageEn() + " Please choose the file again."
                : e.messageJa() + "ファイルはもう一度選んでください。";
    }

    private static int pageStatus(AttachmentRejected e) {
        return e.status() == 413 ? 413 : 400;
    }

    /** Browsers cannot keep a chosen file: when the form comes back for another reason, say so at the file input. */
    private Map<String, String> withFileNote(List<Upload> files, Map<String, String> errors) {
        if (files.isEmpty()) {
            return errors;
        }
        Map<String, String> out = new java.util.LinkedHashMap<>(errors);
        out.put("file", againNote(files));
        return out;
    }

    private String againNote(List<Upload> files) {
        String names = String.join("、", files.stream().map(Upload::fileName).toList());
        return language.pick("選んだファイル（" + names + "）はまだ送信されていません。もう一度選んでください。",
                "The file you chose (" + names + ") was not sent yet. Please choose it again.");
    }

    /** The optional file input with its limits in words; {@code error} marks it invalid. */
    private String fileInput(boolean error, String errorId) {
        PageLanguage l = language;
        return "<p><label for=\"file\">" + l.pick("添付ファイル（任意）", "Attachments (optional)") + "</label></p>"
                + "<p class=\"hint\" id=\"file-hint\">" + Html.escape(l.english() ? attachmentRules.hintEn()
                : attachmentRules.hintJa()) + "</p><p><input type=\"file\" id=\"file\" name=\"" + AttachmentRules.FILE_FIELD
                + "\" multiple accept=\"" + AttachmentRules.accept() + "\""
                + (error ? " aria-invalid=\"true\" aria-describedby=\"file-hint " + errorId + "\""
                : " aria-describedby=\"file-hint\"") + "></p>";
    }

    /** The files of one message, each a download link with its size. */
    private String files(City city, CaseDetail d, List<Attachment> files) {
        if (files.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<ul class=\"files\" aria-label=\"")
                .append(language.pick("添付ファイル", "Attachments")).append("\">");
        for (Attachment a : files) {
            b.append("<li><a href=\"/c/").append(Html.escape(city.code())).append("/inquiries/")
                    .append(Html.escape(d.receptionNumber())).append("/attachments/").append(a.id()).append("\" download>")
                    .append(Html.escape(a.fileName())).append("</a>（").append(a.readableSize()).append("）</li>");
        }
        return b.append("</ul>").toString();
    }

    // ------------------------------------------------------------------ pages

    private String formPage(City city, String category, String subject, String message, Map<String, String> errors) {
        PageLanguage l = language;
        boolean en = l.english();
        String c = Html.escape(city.code());
        StringBuilder b = new StringBuilder(en ? "<h1>Contact the city</h1><p>Send your question to " + Html.escape(city.name())
                + ". A member of staff reads it and answers on this site.</p>"
                + "<p id=\"privacy-hint\">Do not write your My Number, bank account number or the like.</p>"
                : "<h1>お問い合わせ</h1><p>" + Html.escape(city.name())
                + "へのお問い合わせを受け付けます。担当の職員が確認して、このサイトでお答えします。</p>"
                + "<p id=\"privacy-hint\">マイナンバーや口座番号などは書かないでください。</p>");
        if (!errors.isEmpty()) {
            b.append("<div class=\"error\" role=\"alert\" id=\"form-error\"><h2>")
                    .append(l.pick("入力内容をご確認ください", "Please check what you entered")).append("</h2><ul>");
            for (String key : List.of("form", "category", "subject", "message", "file")) {
                if (errors.containsKey(key)) {
                    b.append("<li>").append(key.equals("form") ? "" : "<a href=\"#" + key + "\">")
                            .append(Html.escape(errors.get(key))).append(key.equals("form") ? "" : "</a>").append("</li>");
                }
            }
            b.append("</ul></div>");
        }
        b.append("<form method=\"post\" action=\"/c/").append(c)
                .append("/inquiries/new\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">")
                .append(FormToken.hidden(request));
        b.append("<p><label for=\"category\">").append(l.pick("分類（必須）", "Topic (required)"))
                .append("</label></p><p><select id=\"category\" name=\"category\" required")
                .append(invalid(errors, "category")).append("><option value=\"\">").append(l.pick("選んでください", "Choose"))
                .append("</option>");
        for (Category cat : Category.values()) {
            b.append("<option value=\"").append(cat.code()).append("\"").append(cat.code().equals(category) ? " selected" : "")
                    .append(">").append(Html.escape(InquiryText.category(cat, en))).append("</option>");
        }
        b.append("</select></p>");
        b.append("<p><label for=\"subject\">").append(en ? "Subject (required, up to " + NewInquiry.SUBJECT_MAX + " characters)"
                        : "件名（必須、" + NewInquiry.SUBJECT_MAX + "文字以内）").append("</label></p>")
                .append("<p><input type=\"text\" id=\"subject\" name=\"subject\" size=\"50\" required maxlength=\"")
                .append(NewInquiry.SUBJECT_MAX).append("\" value=\"").append(Html.escape(subject)).append("\"")
                .append(invalid(errors, "subject")).append("></p>");
        b.append("<p><label for=\"message\">").append(en ? "Your question (required, up to " + NewInquiry.MESSAGE_MAX
                        + " characters)" : "お問い合わせ内容（必須、" + NewInquiry.MESSAGE_MAX + "文字以内）").append("</label></p>")
                .append("<p><textarea id=\"message\" name=\"message\" rows=\"8\" required maxlength=\"").append(NewInquiry.MESSAGE_MAX)
                .append("\"").append(errors.containsKey("message") ? " aria-invalid=\"true\" aria-describedby=\"privacy-hint form-error\""
                        : " aria-describedby=\"privacy-hint\"").append(">").append(Html.escape(message)).append("</textarea></p>")
                .append(fileInput(errors.containsKey("file"), "form-error"))
                .append("<p><button type=\"submit\">").append(l.pick("送信する", "Send")).append("</button></p></form>")
                .append("<p><a href=\"/c/").append(c).append("/inquiries\">").append(l.pick("お問い合わせ履歴へ", "Your inquiries"))
                .append("</a></p>");
        return render(city, l.pick("お問い合わせ", "Contact the city"), b.toString());
    }

    private String threadPage(City city, CaseDetail d, String notice, String typed, Map<String, String> errors) {
        PageLanguage l = language;
        boolean en = l.english();
        String c = Html.escape(city.code());
        StringBuilder b = new StringBuilder("<h1>").append(l.pick("お問い合わせ ", "Inquiry ")).append(Html.escape(d.receptionNumber()))
                .append("</h1>");
        if (notice != null) {
            b.append("<div class=\"done\" role=\"status\"><p>").append(Html.escape(notice)).append("</p></div>");
        }
        b.append("<dl><dt>").append(l.pick("件名", "Subject")).append("</dt><dd>").append(Html.escape(d.subject()))
                .append("</dd><dt>").append(l.pick("分類", "Topic")).append("</dt><dd>")
                .append(Html.escape(InquiryText.category(d.category(), en))).append("</dd><dt>").append(l.pick("状況", "Status"))
                .append("</dt><dd>").append(Html.escape(InquiryText.status(d.status(), en))).append("</dd><dt>")
                .append(l.pick("受付日", "Received on")).append("</dt><dd>").append(date(d.createdAt(), en))
                .append("</dd></dl><h2>").append(l.pick("やりとり", "Messages")).append("</h2><ol>");
        for (CaseEvent e : d.timeline()) {
            if (e.kind() == EventKind.STATUS) {
                continue;
            }
            boolean mine = e.kind() == EventKind.CITIZEN_MESSAGE;
            b.append("<li class=\"msg").append(mine ? " mine" : "").append("\"><p><strong>").append(switch (e.kind()) {
                case CITIZEN_MESSAGE -> l.pick("あなた", "You");
                case STAFF_REPLY -> l.pick("市からの回答", "Answer from the city");
                case TRANSCRIPT -> l.pick("AIコンシェルジュとの会話", "Conversation with the AI concierge");
                default -> l.pick("受付", "Reception");
            }).append("</strong> ").append(date(e.at(), en)).append(" ").append(CLOCK.format(e.at().atZoneSameInstant(ReceptionNumbers.JAPAN)))
                    .append("</p><p>").append(Html.escape(e.body()).replace("\n", "<br>")).append("</p>")
                    .append(files(city, d, e.attachments())).append("</li>");
        }
        b.append("</ol>");
        boolean error = errors != null && !errors.isEmpty();
        if (error) {
            b.append("<div class=\"error\" role=\"alert\" id=\"message-error\"><h2>").append(l.pick("送信できませんでした",
                    "Your reply was not sent")).append("</h2><ul>");
            for (var en2 : errors.entrySet()) {
                b.append("<li><a href=\"#").append(en2.getKey()).append("\">").append(Html.escape(en2.getValue()))
                        .append("</a></li>");
            }
            b.append("</ul></div>");
        }
        if (d.status() != CaseStatus.CLOSED) {
            b.append("<form method=\"post\" action=\"/c/").append(c).append("/inquiries/").append(Html.escape(d.receptionNumber()))
                    .append("\" enctype=\"multipart/form-data\" accept-charset=\"UTF-8\">").append(FormToken.hidden(request))
                    .append("<h2>").append(l.pick("返信する", "Reply")).append("</h2><p><label for=\"message\">")
                    .append(en ? "Your reply (up to " + CaseMessage.MAX + " characters)" : "返信の内容（" + CaseMessage.MAX + "文字以内）")
                    .append("</label></p>")
                    .append("<p><textarea id=\"message\" name=\"message\" rows=\"6\" required maxlength=\"").append(CaseMessage.MAX)
                    .append("\"").append(error && errors.containsKey("message")
                            ? " aria-invalid=\"true\" aria-describedby=\"message-error\" autofocus" : "")
                    .append(">").append(Html.escape(typed)).append("</textarea></p>")
                    .append(fileInput(error && errors.containsKey("file"), "message-error"))
                    .append("<p><button type=\"submit\">")
                    .append(l.pick("返信する", "Send reply")).append("</button></p></form>");
        } else {
            b.append(en ? "<p>This inquiry is closed. For anything else, please <a href=\"/c/" + c
                    + "/inquiries/new\">send a new inquiry</a>.</p>" : "<p>このお問い合わせは完了しました。ご用件があれば<a href=\"/c/" + c
                    + "/inquiries/new\">新しく問い合わせて</a>ください。</p>");
        }
        b.append("<p><a href=\"/c/").append(c).append("/inquiries\">").append(l.pick("お問い合わせ履歴へ戻る", "Back to your inquiries"))
                .append("</a></p>");
        return render(city, l.pick("お問い合わせ ", "Inquiry ") + d.receptionNumber(), b.toString());
    }

    static Map<String, String> validate(String category, String subject, String message) {
        return validate(category, subject, message, false);
    }

    /** The form's errors by field, in English or Japanese. */
    static Map<String, String> validate(String category, String subject, String message, boolean en) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (Category.of(category).isEmpty()) {
            errors.put("category", en ? "Choose a topic." : "分類を選んでください。");
        }
        if (subject.isBlank()) {
            errors.put("subject", en ? "Enter a subject." : "件名を入力してください。");
        } else if (subject.strip().length() > NewInquiry.SUBJECT_MAX) {
            errors.put("subject", en ? "The subject must be " + NewInquiry.SUBJECT_MAX + " characters or fewer (it is "
                    + subject.strip().length() + " now)."
                    : "件名は" + NewInquiry.SUBJECT_MAX + "文字以内で入力してください（いまは" + subject.strip().length() + "文字です）。");
        }
        if (message.isBlank()) {
            errors.put("message", en ? "Enter your question." : "お問い合わせ内容を入力してください。");
        } else if (message.strip().length() > NewInquiry.MESSAGE_MAX) {
            errors.put("message", en ? "Your question must be " + NewInquiry.MESSAGE_MAX + " characters or fewer (it is "
                    + message.strip().length() + " now)." : "お問い合わせ内容は" + NewInquiry.MESSAGE_MAX + "文字以内で入力してください（いまは"
                    + message.strip().length() + "文字です）。");
        }
        return errors;
    }

    /**
     * Null when a citizen of this city is signed in; else a sign-in (response committed), a 403 page, or for one
     * inquiry ({@code single}) a 404 so that nothing tells whether the number exists.
     */
    private Response gate(City city, String code, boolean single) throws Exception {
        return switch (PageGate.check(security, request, city, code, "citizen")) {
            case NOT_SIGNED_IN -> {
                security.authenticate(request, response, withParams());
                yield null;
            }
            case OTHER_CITY, MISSING_ROLE -> single ? notFound(city) : Response.status(403).entity(render(city,
                    "ご利用いただけません", "<h1>ご利用いただけません</h1><p>お問い合わせは" + Html.escape(city.name())
                            + "の市民アカウントでご利用いただけます。 Inquiries are for citizens signed in to this city.</p>"
                            + PageShell.signOutForm())).build();
            case ADMITTED -> null;
        };
    }

    private Response notFound(City city) {
        if (language.english()) {
            return Response.status(404).entity(render(city, "Inquiry not found", "<h1>Inquiry not found</h1>"
                    + "<p>There is no inquiry with this reception number. Please check the number.</p><p><a href=\"/c/"
                    + Html.escape(city.code()) + "/inquiries\">Your inquiries</a></p>")).build();
        }
        return Response.status(404).entity(render(city, "お問い合わせが見つかりません", "<h1>お問い合わせが見つかりません</h1>"
                + "<p>この受付番号のお問い合わせはありません。受付番号をご確認ください。</p><p><a href=\"/c/"
                + Html.escape(city.code()) + "/inquiries\">お問い合わせ履歴へ</a></p>")).build();
    }

    private Response ok(City city, String title, String body) {
        return Response.ok(render(city, title, body)).build();
    }

    private String render(City city, String title, String body) {
        return PageShell.renderTranslated(language.lang(), title + " — " + city.name(), city, STYLE + body);
    }

    private static String invalid(Map<String, String> errors, String field) {
        return errors.containsKey(field) ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : "";
    }

    static String date(OffsetDateTime t) {
        return date(t, false);
    }

    /** 和暦 in Japanese ({@code 令和8年11月23日}), {@code 2026-11-23} in English. */
    static String date(OffsetDateTime t, boolean en) {
        if (t == null) {
            return "";
        }
        java.time.LocalDate d = t.atZoneSameInstant(ReceptionNumbers.JAPAN).toLocalDate();
        return en ? d.toString() : ERA.format(JapaneseDate.from(d));
    }
}
