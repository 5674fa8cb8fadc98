package jp.kyodo.portal.applications;

import static jp.kyodo.portal.applications.ApplicationText.t;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.applications.ApplicationStatus;
import jp.kyodo.crm.applications.ApplicationSummary;
import jp.kyodo.crm.applications.ApplicationView;
import jp.kyodo.crm.applications.FieldError;
import jp.kyodo.crm.applications.MyApplications;
import jp.kyodo.crm.applications.ProcedureDefinition;
import jp.kyodo.crm.applications.ProcedureSummary;
import jp.kyodo.crm.applications.Procedures;
import jp.kyodo.crm.cases.AttachmentRejected;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.portal.profile.CitizenPage;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The citizen's applications ({@code /c/<code>/me/applications…}): the list, the procedures to apply for, the form
 * (pre-filled, each value saying where it came from; rows of a repeating group added with a button, no JavaScript),
 * documents, the review page, the receipt, the timeline with the result notice, the answer to a request and the
 * withdrawal. Submitting twice (a double click) answers the same receipt: the application's own id is the key.
 */
@Path("")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ApplicationPages {

    static final String STYLE = "<style>input[type=text],input[type=date],input[type=number],textarea,select{font:inherit;"
            + "max-width:100%}input:focus,select:focus,textarea:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + "fieldset{border:1px solid #999;margin:1rem 0;padding:.5rem 1rem}.field{margin:.8rem 0}"
            + ".source{color:#333;font-size:.9rem}.error{border-left:4px solid #c00;padding-left:1rem}"
            + ".done{border-left:4px solid #0a7d2c;padding-left:1rem}table{border-collapse:collapse}"
            + "th,td{border:1px solid #999;padding:.3rem .6rem;text-align:left}input[type=file]{max-width:100%}"
            + "dd{margin:0 0 .5rem 1rem}</style>";

    @Inject
    TenantContext tenant;
    @Inject
    MyApplications mine;
    @Inject
    Procedures procedures;
    @Inject
    CitizenRecords records;
    @Inject
    AttachmentRules rules;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    @Path("c/{code}/me/applications")
    public Response list(@PathParam("code") String code) {
        City city = tenant.city();
        PageLanguage l = language;
        String c = base(city);
        StringBuilder b = new StringBuilder("<h1>").append(t(l, "title.list")).append("</h1><p><a href=\"").append(c)
                .append("/new\">").append(t(l, "start.link")).append("</a></p>");
        List<ApplicationSummary> list = mine.list();
        if (list.isEmpty()) {
            b.append("<p>").append(t(l, "none")).append("</p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">").append(t(l, "col.number")).append("</th><th scope=\"col\">")
                    .append(t(l, "col.procedure")).append("</th><th scope=\"col\">").append(t(l, "col.status"))
                    .append("</th></tr></thead><tbody>");
            for (ApplicationSummary s : list) {
                b.append("<tr><td><a href=\"").append(c).append('/').append(s.id()).append("\">")
                        .append(s.receptionNumber() == null ? t(l, "draft") : Html.escape(s.receptionNumber()))
                        .append("</a></td><td lang=\"ja\">").append(Html.escape(s.procedureName())).append("</td><td>")
                        .append(Html.escape(l.english() ? s.statusEn() : s.statusJa())).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        return page(city, t(l, "title.list"), b.append(back(city)).toString(), 200);
    }

    @GET
    @Path("c/{code}/me/applications/new")
    public Response procedures(@PathParam("code") String code) {
        City city = tenant.city();
        PageLanguage l = language;
        var household = records.mine().map(r -> r.household()).orElse(List.of()).stream()
                .filter(m -> m.actsFor()).toList();
        StringBuilder b = new StringBuilder("<h1>").append(t(l, "title.new")).append("</h1>");
        for (ProcedureSummary p : procedures.list(true)) {
            ProcedureDefinition d = procedures.get(p.procedureId(), false).published();
            b.append("<section aria-labelledby=\"p-").append(Html.escape(p.procedureId())).append("\"><h2 id=\"p-")
                    .append(Html.escape(p.procedureId())).append("\">").append(Html.escape(name(l, p.name(), p.nameEn())))
                    .append("</h2>");
            if (p.summary() != null) {
                b.append("<p lang=\"ja\">").append(Html.escape(p.summary())).append("</p>");
            }
            b.append("<form method=\"post\" action=\"").append(base(city)).append("/new\">").append(FormToken.hidden(request))
                    .append("<input type=\"hidden\" name=\"procedureId\" value=\"").append(Html.escape(p.procedureId()))
                    .append("\">");
            if (d.subject() == ProcedureDefinition.Subject.MEMBER) {
                if (household.isEmpty()) {
                    b.append("<p>").append(t(l, "start.noMember")).append("</p></form></section>");
                    continue;
                }
                String id = "m-" + Html.escape(p.procedureId());
                b.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(t(l, "start.for"))
                        .append("</label><br><select id=\"").append(id).append("\" name=\"memberId\">");
                household.forEach(m -> b.append("<option value=\"").append(m.id()).append("\">")
                        .append(Html.escape(m.fullName())).append("</option>"));
                b.append("</select></div>");
            }
            b.append("<button type=\"submit\">").append(t(l, "start")).append("（")
                    .append(Html.escape(name(l, p.name(), p.nameEn()))).append("）</button></form></section>");
        }
        return page(city, t(l, "title.new"), b.append(back(city)).toString(), 200);
    }

    @POST
    @Path("c/{code}/me/applications/new")
    public Response start(@PathParam("code") String code) {
        City city = tenant.city();
        if (!FormToken.valid(request, request.getParameter(FormToken.FIELD))) {
            return expired(city);
        }
        try {
            ApplicationView v = mine.start(new MyApplications.Start(request.getParameter("procedureId"),
                    request.getParameter("memberId")));
            return Response.seeOther(URI.create(base(city) + "/" + v.id())).build();
        } catch (ProblemException e) {
            return problem(city, e);
        }
    }

    @GET
    @Path("c/{code}/me/applications/{id}")
    public Response show(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("saved") String saved) {
        City city = tenant.city();
        ApplicationView v;
        try {
            v = mine.get(id);
        } catch (ProblemException e) {
            return problem(city, e);
        }
        if (v.status() == ApplicationStatus.DRAFT) {
            return form(city, v, null, List.of(), saved != null, 200);
        }
        return status(city, v, false);
    }

    @POST
    @Path("c/{code}/me/applications/{id}")
    public Response save(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        if (!FormToken.valid(request, request.getParameter(FormToken.FIELD))) {
            return expired(city);
        }
        Map<String, String> answers = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (!k.startsWith("_") && !k.equals("action") && v.length > 0) {
                answers.put(k, v[0]);
            }
        });
        String action = request.getParameter("action");
        try {
            ApplicationView v = mine.saveAnswers(id, answers);
            if (action != null && action.startsWith("add:")) {
                return form(city, v, action.substring(4), List.of(), false, 200);
            }
            if ("review".equals(action)) {
                return Response.seeOther(URI.create(base(city) + "/" + v.id() + "/review")).build();
            }
            return Response.seeOther(URI.create(base(city) + "/" + v.id() + "?saved")).build();
        } catch (ProblemException e) {
            if (e.status() != 400) {
                return problem(city, e);
            }
            ApplicationView v = mine.get(id);
            return form(city, v, null, errors(e), false, 400, answers);
        }
    }

    @POST
    @Path("c/{code}/me/applications/{id}/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("code") String code, @PathParam("id") String id, List<EntityPart> parts) {
        City city = tenant.city();
        AttachmentRules.Form form = rules.readForm(parts, request);
        if (!FormToken.valid(request, form.field(FormToken.FIELD))) {
            return expired(city);
        }
        try {
            mine.attach(id, form.field("requirement"), form.files());
            return Response.seeOther(URI.create(base(city) + "/" + id)).build();
        } catch (AttachmentRejected e) {
            return form(city, mine.get(id), null, List.of(new FieldError("file", e.messageJa(), e.messageEn())), false, 400);
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return form(city, mine.get(id), null, errors(e), false, 400);
            }
            return problem(city, e);
        }
    }

    @GET
    @Path("c/{code}/me/applications/{id}/review")
    public Response review(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        PageLanguage l = language;
        ApplicationView v;
        try {
            v = mine.get(id);
        } catch (ProblemException e) {
            return problem(city, e);
        }
        if (v.status() != ApplicationStatus.DRAFT) {
            return Response.seeOther(URI.create(base(city) + "/" + v.id())).build();
        }
        StringBuilder b = new StringBuilder("<h1>").append(t(l, "title.review")).append("</h1><p lang=\"ja\"><strong>")
                .append(Html.escape(v.procedureName())).append("</strong></p>");
        if (!v.missing().isEmpty()) {
            b.append("<div class=\"error\" role=\"alert\"><h2>").append(t(l, "missing")).append("</h2><ul>");
            v.missing().forEach(e -> b.append("<li>").append(Html.escape(l.english() ? e.messageEn() : e.messageJa())).append("</li>"));
            b.append("</ul></div>");
        }
        answersList(b, v, l);
        b.append("<form method=\"get\" action=\"").append(base(city)).append('/').append(v.id()).append("\"><button type=\"submit\">")
                .append(t(l, "edit")).append("</button></form>");
        if (v.missing().isEmpty()) {
            b.append("<form method=\"post\" action=\"").append(base(city)).append('/').append(v.id()).append("/submit\">")
                    .append(FormToken.hidden(request)).append("<button type=\"submit\">").append(t(l, "submit"))
                    .append("</button></form>");
        }
        return page(city, t(l, "title.review"), b.append(back(city)).toString(), 200);
    }

    @POST
    @Path("c/{code}/me/applications/{id}/submit")
    public Response submit(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        if (!FormToken.valid(request, request.getParameter(FormToken.FIELD))) {
            return expired(city);
        }
        try {
            // the application's id is the key: a second click answers the same receipt
            mine.submit(id, "page-" + id);
            return Response.seeOther(URI.create(base(city) + "/" + id + "?received")).build();
        } catch (ProblemException e) {
            if (e.status() == 400) {
                return Response.seeOther(URI.create(base(city) + "/" + id + "/review")).build();
            }
            return problem(city, e);
        }
    }

    @POST
    @Path("c/{code}/me/applications/{id}/answer")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response answer(@PathParam("code") String code, @PathParam("id") String id, List<EntityPart> parts) {
        City city = tenant.city();
        AttachmentRules.Form form = rules.readForm(parts, request);
        if (!FormToken.valid(request, form.field(FormToken.FIELD))) {
            return expired(city);
        }
        try {
            mine.answer(id, form.field("text"), form.field("requirement"), form.files());
            return Response.seeOther(URI.create(base(city) + "/" + id)).build();
        } catch (AttachmentRejected e) {
            return status(city, mine.get(id), true, List.of(new FieldError("file", e.messageJa(), e.messageEn())));
        } catch (ProblemException e) {
            return e.status() == 400 ? status(city, mine.get(id), true, errors(e)) : problem(city, e);
        }
    }

    @POST
    @Path("c/{code}/me/applications/{id}/withdraw")
    public Response withdraw(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        if (!FormToken.valid(request, request.getParameter(FormToken.FIELD))) {
            return expired(city);
        }
        try {
            mine.withdraw(id, request.getParameter("reason"));
            return Response.seeOther(URI.create(base(city) + "/" + id)).build();
        } catch (ProblemException e) {
            return problem(city, e);
        }
    }

    @GET
    @Path("c/{code}/me/applications/{id}/notice")
    @Produces(MediaType.WILDCARD)
    public Response notice(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        try {
            return mine.notice(id).response();
        } catch (ProblemException e) {
            return problem(city, e);
        }
    }

    // ---------------------------------------------------------------- rendering

    private Response form(City city, ApplicationView v, String addTo, List<FieldError> errors, boolean saved, int status) {
        return form(city, v, addTo, errors, saved, status, null);
    }

    private Response form(City city, ApplicationView v, String addTo, List<FieldError> errors, boolean saved, int status,
                          Map<String, String> typed) {
        PageLanguage l = language;
        String action = base(city) + "/" + v.id();
        Map<String, String> err = new LinkedHashMap<>();
        errors.forEach(e -> err.putIfAbsent(e.field(), l.english() ? e.messageEn() : e.messageJa()));
        StringBuilder b = new StringBuilder("<h1 lang=\"ja\">").append(Html.escape(v.procedureName())).append("</h1>");
        if (v.subjectName() != null) {
            b.append("<p>").append(t(l, "start.for")).append(": ").append(Html.escape(v.subjectName())).append("</p>");
        }
        if (saved) {
            b.append("<p class=\"done\" role=\"status\">").append(t(l, "saved")).append("</p>");
        }
        if (!err.isEmpty()) {
            b.append("<div class=\"error\" role=\"alert\" tabindex=\"-1\"><h2>").append(t(l, "errors")).append("</h2><ul>");
            err.forEach((k, m) -> b.append("<li><a href=\"#").append(fieldId(k)).append("\">").append(Html.escape(m))
                    .append("</a></li>"));
            b.append("</ul></div>");
        }
        b.append("<p>").append(t(l, "prefilled")).append("</p><form method=\"post\" action=\"").append(action).append("\">")
                .append(FormToken.hidden(request));
        for (ApplicationView.FormSection s : v.form()) {
            b.append("<fieldset><legend><h2>").append(Html.escape(name(l, s.title(), s.titleEn()))).append("</h2></legend>");
            List<List<ApplicationView.FormField>> rows = s.rows();
            int n = rows.size();
            boolean addHere = s.repeats() && s.id().equals(addTo) && n < s.max();
            if (s.repeats() && n == 0) {
                addHere = true;
            }
            for (int i = 0; i < n + (addHere ? 1 : 0); i++) {
                if (s.repeats()) {
                    b.append("<h3>").append(t(l, "row", i + 1)).append("</h3>");
                }
                List<ApplicationView.FormField> fields = i < n ? rows.get(i) : emptyRow(rows, s, i);
                for (ApplicationView.FormField f : fields) {
                    String value = typed != null ? typed.get(f.key()) : f.value();
                    field(b, f, value, err.get(f.key()), l);
                }
            }
            if (s.repeats() && n < s.max()) {
                b.append("<button type=\"submit\" name=\"action\" value=\"add:").append(Html.escape(s.id())).append("\">")
                        .append(t(l, "addRow")).append("</button>");
            }
            b.append("</fieldset>");
        }
        b.append("<button type=\"submit\" name=\"action\" value=\"save\">").append(t(l, "save"))
                .append("</button> <button type=\"submit\" name=\"action\" value=\"review\">").append(t(l, "toReview"))
                .append("</button></form>");
        // documents: a separate form (multipart)
        b.append("<h2>").append(t(l, "documents")).append("</h2>");
        if (!v.attachments().isEmpty()) {
            b.append("<ul>");
            for (ApplicationView.RequirementView r : v.attachments()) {
                b.append("<li>").append(Html.escape(name(l, r.label(), r.labelEn()))).append(r.required() ? "（"
                        + t(l, "required") + "）" : "").append(": ").append(r.files().isEmpty() ? t(l, "notAttached")
                        : Html.escape(t(l, "attached", String.join("、", r.files().stream().map(ApplicationView.FileInfo::fileName)
                        .toList())))).append("</li>");
            }
            b.append("</ul><form method=\"post\" enctype=\"multipart/form-data\" action=\"").append(action).append("/files\">")
                    .append(FormToken.hidden(request)).append("<div class=\"field\"><label for=\"requirement\">")
                    .append(t(l, "fileFor")).append("</label><br><select id=\"requirement\" name=\"requirement\">");
            v.attachments().forEach(r -> b.append("<option value=\"").append(Html.escape(r.id())).append("\">")
                    .append(Html.escape(name(l, r.label(), r.labelEn()))).append("</option>"));
            b.append("</select></div><div class=\"field\"><label for=\"field-file\">").append(t(l, "file"))
                    .append("</label><br><input type=\"file\" id=\"field-file\" name=\"file\" accept=\"")
                    .append(AttachmentRules.accept()).append("\" aria-describedby=\"file-hint")
                    .append(err.containsKey("file") ? " err-file\" aria-invalid=\"true" : "").append("\"><p id=\"file-hint\">")
                    .append(Html.escape(l.english() ? rules.hintEn() : rules.hintJa())).append("</p>");
            if (err.containsKey("file")) {
                b.append("<p id=\"err-file\" class=\"error\">").append(Html.escape(err.get("file"))).append("</p>");
            }
            b.append("</div><button type=\"submit\">").append(t(l, "upload")).append("</button></form>");
        }
        return page(city, v.procedureName(), b.append(back(city)).toString(), status);
    }

    private static List<ApplicationView.FormField> emptyRow(List<List<ApplicationView.FormField>> rows,
                                                            ApplicationView.FormSection s, int i) {
        // a new row: the section's shape with the row's index and no value
        return s.shape().stream().map(f -> new ApplicationView.FormField(f.key().replaceFirst("\\[0]", "[" + i + "]"),
                f.label(), f.labelEn(), f.type(), f.required(), f.hint(), f.options(), null, null, null, null, true)).toList();
    }

    private static void field(StringBuilder b, ApplicationView.FormField f, String value, String error, PageLanguage l) {
        String id = fieldId(f.key());
        String name = Html.escape(f.key());
        String v = value == null ? "" : Html.escape(value);
        String label = Html.escape(name(l, f.label(), f.labelEn())) + (f.required() ? "（" + t(l, "required") + "）" : "");
        StringBuilder describedBy = new StringBuilder();
        b.append("<div class=\"field\">");
        if (f.type().equals("choice") || f.type().equals("yesno")) {
            b.append("<label for=\"").append(id).append("\">").append(label).append("</label><br>");
        } else {
            b.append("<label for=\"").append(id).append("\">").append(label).append("</label><br>");
        }
        if (f.hint() != null) {
            b.append("<span class=\"source\" id=\"").append(id).append("-hint\">").append(Html.escape(f.hint())).append("</span><br>");
            describedBy.append(id).append("-hint ");
        }
        if (f.source() != null && value != null && value.equals(f.value())) {
            b.append("<span class=\"source\" id=\"").append(id).append("-src\">")
                    .append(Html.escape(l.english() ? f.sourceEn() : f.sourceJa())).append("</span><br>");
            describedBy.append(id).append("-src ");
        }
        if (error != null) {
            b.append("<span class=\"error\" id=\"").append(id).append("-err\">").append(Html.escape(error)).append("</span><br>");
            describedBy.append(id).append("-err ");
        }
        String attrs = " id=\"" + id + "\" name=\"" + name + "\"" + (describedBy.isEmpty() ? ""
                : " aria-describedby=\"" + describedBy.toString().strip() + "\"") + (error != null ? " aria-invalid=\"true\"" : "");
        switch (f.type()) {
            case "choice", "yesno" -> {
                b.append("<select").append(attrs).append("><option value=\"\">").append(t(l, "choose")).append("</option>");
                List<String[]> options = f.type().equals("yesno") ? List.of(new String[] {"yes", t(l, "yes")},
                        new String[] {"no", t(l, "no")}) : f.options().stream().map(o -> new String[] {o.value(),
                        name(l, o.label(), o.labelEn())}).toList();
                for (String[] o : options) {
                    b.append("<option value=\"").append(Html.escape(o[0])).append('"').append(o[0].equals(value) ? " selected" : "")
                            .append('>').append(Html.escape(o[1])).append("</option>");
                }
                b.append("</select>");
            }
            case "textarea" -> b.append("<textarea rows=\"4\"").append(attrs).append('>').append(v).append("</textarea>");
            case "date" -> b.append("<input type=\"date\"").append(attrs).append(" value=\"").append(v).append("\">");
            case "number" -> b.append("<input type=\"text\" inputmode=\"numeric\"").append(attrs).append(" value=\"").append(v)
                    .append("\">");
            default -> b.append("<input type=\"text\"").append(attrs).append(" value=\"").append(v).append("\"")
                    .append(f.type().equals("email") ? " autocomplete=\"email\"" : "").append('>');
        }
        b.append("</div>");
    }

    private static void answersList(StringBuilder b, ApplicationView v, PageLanguage l) {
        for (ApplicationView.FormSection s : v.form()) {
            b.append("<h2>").append(Html.escape(name(l, s.title(), s.titleEn()))).append("</h2>");
            int i = 0;
            for (List<ApplicationView.FormField> row : s.rows()) {
                if (s.repeats()) {
                    b.append("<h3>").append(t(l, "row", ++i)).append("</h3>");
                }
                b.append("<dl>");
                for (ApplicationView.FormField f : row) {
                    if (!f.shown()) {
                        continue;
                    }
                    String value = f.value() == null ? "—" : f.type().equals("yesno") ? t(l, "yes".equals(f.value()) ? "yes" : "no")
                            : f.type().equals("choice") ? f.options().stream().filter(o -> o.value().equals(f.value()))
                            .map(o -> name(l, o.label(), o.labelEn())).findFirst().orElse(f.value()) : f.value();
                    b.append("<dt>").append(Html.escape(name(l, f.label(), f.labelEn()))).append("</dt><dd>")
                            .append(Html.escape(value)).append("</dd>");
                }
                b.append("</dl>");
            }
        }
    }

    private Response status(City city, ApplicationView v, boolean answering) {
        return status(city, v, answering, List.of());
    }

    private Response status(City city, ApplicationView v, boolean answering, List<FieldError> errors) {
        PageLanguage l = language;
        String action = base(city) + "/" + v.id();
        boolean received = request.getParameter("received") != null;
        StringBuilder b = new StringBuilder("<h1>").append(received ? t(l, "title.receipt") : Html.escape(v.procedureName()))
                .append("</h1>");
        b.append("<dl><dt>").append(t(l, "col.procedure")).append("</dt><dd lang=\"ja\">").append(Html.escape(v.procedureName()))
                .append("</dd><dt>").append(t(l, "col.number")).append("</dt><dd><strong>").append(Html.escape(v.receptionNumber()))
                .append("</strong></dd><dt>").append(t(l, "col.status")).append("</dt><dd>")
                .append(Html.escape(l.english() ? v.statusEn() : v.statusJa())).append("</dd></dl>");
        if (received) {
            b.append("<div class=\"done\" role=\"status\"><h2>").append(t(l, "next")).append("</h2><p>")
                    .append(l.pick("担当者が内容を確認します。書類が足りないときはお知らせします。進み具合はこの画面で確かめられます。",
                            "The city's staff will check it and tell you if anything is missing. Follow it on this page."))
                    .append("</p></div>");
        }
        if (v.noticeId() != null) {
            b.append("<p><a href=\"").append(action).append("/notice\">").append(t(l, "notice")).append("</a></p>");
        }
        b.append("<h2>").append(t(l, "timeline")).append("</h2><ol>");
        for (ApplicationView.TimelineEntry e : v.timeline()) {
            b.append("<li><strong>").append(Html.escape(l.english() ? e.labelEn() : e.labelJa())).append("</strong> <small>")
                    .append(Html.escape(e.at() == null ? "" : e.at().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))
                            .toLocalDateTime().toString().replace('T', ' ').substring(0, 16))).append("</small>");
            if (e.body() != null && !e.body().isBlank()) {
                b.append("<br>").append(Html.escape(e.body()).replace("\n", "<br>"));
            }
            b.append("</li>");
        }
        b.append("</ol>");
        if (v.status() == ApplicationStatus.INFO_REQUESTED) {
            Map<String, String> err = new LinkedHashMap<>();
            errors.forEach(e -> err.putIfAbsent(e.field(), l.english() ? e.messageEn() : e.messageJa()));
            b.append("<h2>").append(t(l, "answer")).append("</h2>");
            if (!err.isEmpty()) {
                b.append("<div class=\"error\" role=\"alert\"><ul>");
                err.values().forEach(m -> b.append("<li>").append(Html.escape(m)).append("</li>"));
                b.append("</ul></div>");
            }
            b.append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"").append(action).append("/answer\">")
                    .append(FormToken.hidden(request)).append("<div class=\"field\"><label for=\"text\">").append(t(l, "message"))
                    .append("</label><br><textarea id=\"text\" name=\"text\" rows=\"4\"></textarea></div>")
                    .append("<div class=\"field\"><label for=\"requirement\">").append(t(l, "fileFor"))
                    .append("</label><br><select id=\"requirement\" name=\"requirement\"><option value=\"\">—</option>");
            v.attachments().forEach(r -> b.append("<option value=\"").append(Html.escape(r.id())).append("\">")
                    .append(Html.escape(name(l, r.label(), r.labelEn()))).append("</option>"));
            b.append("</select></div><div class=\"field\"><label for=\"field-file\">").append(t(l, "file"))
                    .append("</label><br><input type=\"file\" id=\"field-file\" name=\"file\" multiple accept=\"")
                    .append(AttachmentRules.accept()).append("\"></div><button type=\"submit\">").append(t(l, "send"))
                    .append("</button></form>");
        }
        if (v.status().open()) {
            b.append("<h2>").append(t(l, "withdraw")).append("</h2><form method=\"post\" action=\"").append(action)
                    .append("/withdraw\">").append(FormToken.hidden(request)).append("<div class=\"field\"><label for=\"reason\">")
                    .append(t(l, "withdrawReason")).append("</label><br><input type=\"text\" id=\"reason\" name=\"reason\">")
                    .append("</div><button type=\"submit\">").append(t(l, "withdraw")).append("</button></form>");
        }
        b.append("<h2>").append(t(l, "answers")).append("</h2>");
        answersList(b, v, l);
        return page(city, v.procedureName(), b.append(back(city)).toString(), errors.isEmpty() ? 200 : 400);
    }

    // ---------------------------------------------------------------- helpers

    private static List<FieldError> errors(ProblemException e) {
        Object list = e.extensions().get("errors");
        if (list instanceof List<?> l) {
            return l.stream().filter(Map.class::isInstance).map(m -> (Map<?, ?>) m).map(m -> new FieldError(
                    String.valueOf(m.get("field")), String.valueOf(m.get("message")), String.valueOf(m.get("messageEn")))).toList();
        }
        return List.of(new FieldError("form", e.detail(), e.detail()));
    }

    private Response problem(City city, ProblemException e) {
        PageLanguage l = language;
        if (e.status() == 404) {
            return page(city, l.pick("見つかりません", "Not found"), l.pick("<h1>申請が見つかりません</h1><p>お探しの申請はないか、"
                    + "表示する権限がありません。</p>", "<h1>Application not found</h1><p>It does not exist, or you may not see it.</p>")
                    + back(city), 404);
        }
        String detail = e.detail() == null ? "" : e.detail();
        int slash = detail.indexOf(" / ");
        String text = slash < 0 ? detail : l.english() ? detail.substring(slash + 3) : detail.substring(0, slash);
        return page(city, l.english() ? e.titleEn() : e.titleJa(), "<h1>" + Html.escape(l.english() ? e.titleEn() : e.titleJa())
                + "</h1><p class=\"error\" role=\"alert\">" + Html.escape(text) + "</p>" + back(city), e.status());
    }

    private Response expired(City city) {
        return page(city, t(language, "expired"), "<h1>" + t(language, "expired") + "</h1>" + back(city), 403);
    }

    private Response page(City city, String title, String html, int status) {
        return Response.status(status).entity(PageShell.renderTranslated(language.lang(), title + " — " + city.name(), city,
                STYLE + html)).build();
    }

    private String back(City city) {
        return "<p><a href=\"" + base(city) + "\">" + t(language, "back") + "</a></p>";
    }

    private static String base(City city) {
        return "/c/" + Html.escape(city.code()) + "/me/applications";
    }

    static String fieldId(String key) {
        return "f-" + key.replaceAll("[^A-Za-z0-9]", "-");
    }

    private static String name(PageLanguage l, String ja, String en) {
        return l.english() && en != null && !en.isBlank() ? en : ja;
    }

    static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
