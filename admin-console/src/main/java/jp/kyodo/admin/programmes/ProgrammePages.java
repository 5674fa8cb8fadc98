package jp.kyodo.admin.programmes;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jp.kyodo.admin.programmes.internal.ProgrammeForm;
import jp.kyodo.agents.programmes.CityProgrammeRegistry;
import jp.kyodo.agents.programmes.ConditionResult;
import jp.kyodo.agents.programmes.DiffLine;
import jp.kyodo.agents.programmes.HouseholdInput;
import jp.kyodo.agents.programmes.ProgrammeDetail;
import jp.kyodo.agents.programmes.ProgrammeDraft;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;
import jp.kyodo.agents.programmes.ProgrammeSummary;
import jp.kyodo.agents.programmes.ProgrammeVersion;
import jp.kyodo.agents.programmes.TemplateUpdate;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The city admin's programme registry pages ({@code /c/<code>/admin/programmes…}, role city-admin): the list with
 * status and template updates, the edit form (fields and the YAML rule) with errors at their line and column, the
 * "try this rule" panel, publish and hide, version history with a diff, and the template-update review. Every form
 * works without JavaScript and keeps what was typed when it is refused.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ProgrammePages {

    static final int MEMBER_ROWS = 6;
    static final String STYLE = "<style>textarea,input,select{font:inherit}textarea{width:100%;font-family:monospace}"
            + "input:focus,textarea:focus,select:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".error{border-left:4px solid #c00;padding-left:1rem}.ok{border-left:4px solid #1a7f37;padding-left:1rem}"
            + "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}"
            + ".diff{font-family:monospace;white-space:pre-wrap}.add{background:#e6ffec}.del{background:#ffebe9}"
            + "pre{background:#f4f4f4;padding:.5rem;overflow:auto}fieldset{margin:1rem 0}"
            + ".field{margin:.5rem 0}.field label{display:block;font-weight:700}</style>";

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    CityProgrammeRegistry registry;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    // ------------------------------------------------------------------ list

    @GET
    @Path("c/{code}/admin/programmes")
    public Response list(@PathParam("code") String code) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        StringBuilder rows = new StringBuilder();
        for (ProgrammeSummary s : registry.list(false)) {
            rows.append("<tr><td>").append(Html.escape(s.programmeId())).append("</td><td><a href=\"")
                    .append(base(city)).append('/').append(s.id()).append("\">").append(Html.escape(s.name()))
                    .append("</a></td><td>").append("TEMPLATE".equals(s.origin()) ? "Kyodo テンプレート" : "市区町村独自")
                    .append("</td><td>").append(statusLabel(s)).append("</td><td>")
                    .append(s.publishedVersion() == null ? "—" : "第" + s.publishedVersion() + "版").append(" / 第")
                    .append(s.latestVersion()).append("版</td><td>");
            if (s.templateUpdateAvailable()) {
                rows.append("<a href=\"").append(base(city)).append('/').append(s.id())
                        .append("/template-update\">更新があります（確認する）</a>");
            } else {
                rows.append("—");
            }
            rows.append("</td></tr>");
        }
        String body = "<h1>制度の管理</h1><p>" + Html.escape(city.name()) + "の住民に案内する制度です。"
                + "公開中の版が「わたしの制度」などで住民に表示されます。変更は新しい版（下書き）として保存され、公開するまで住民には見えません。</p>"
                + "<p><a href=\"" + base(city) + "/new\">市区町村独自の制度を作る</a></p>"
                + "<table><caption>制度一覧</caption><thead><tr><th scope=\"col\">制度番号</th><th scope=\"col\">制度名</th>"
                + "<th scope=\"col\">種類</th><th scope=\"col\">状態</th><th scope=\"col\">公開版 / 最新版</th>"
                + "<th scope=\"col\">テンプレートの更新</th></tr></thead><tbody>" + rows + "</tbody></table>"
                + PageShell.signOutForm();
        return Response.ok(PageShell.render("ja", "制度の管理 — " + city.name(), city, STYLE + body)).build();
    }

    // ------------------------------------------------------------------ edit

    @GET
    @Path("c/{code}/admin/programmes/new")
    public Response newForm(@PathParam("code") String code, @QueryParam("parent") String parent) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        List<ProgrammeSummary> all = registry.list(false);
        String newId = nextOwnId(city, all);
        ProgrammeSummary base = parent == null ? null
                : all.stream().filter(s -> s.programmeId().equals(parent)).findFirst().orElse(null);
        String skeleton;
        if (base != null) {
            // 派生制度: inherits every field and the rule of the parent; conditions added here narrow or extend it
            skeleton = "id: " + newId + "\nparentId: " + base.programmeId() + "\nderivation: 1\nname: " + base.name() + "（"
                    + city.name() + "）\ncompetentAuthority: " + city.name() + "\narea: {municipalities: [\"" + city.code() + "\"]}\n"
                    + "# 元の制度の項目と判定ルールを引き継ぎます。上乗せ・条件の追加は eligibility: に書きます（同じ id の条件は置き換え）。\n"
                    + "eligibility:\n  conditions: []\n";
        } else {
            skeleton = "id: " + newId + "\nname: \nsummary: \ncompetentAuthority: " + city.name() + "\n"
                    + "area: {municipalities: [\"" + city.code() + "\"]}\n"
                    + "eligibility:\n  parameters:\n    perChild: {label: 子1人あたり月額, unit: 円/月, values: {2025-04-01: 5000}}\n"
                    + "  definitions:\n    kids: children.filter(c, c.grade <= 9)\n  conditions:\n"
                    + "    - {id: child, label: 中学生以下の子がいる, when: size(kids) > 0}\n  amount: size(kids) * p.perChild\n";
        }
        return Response.ok(editPage(city, null, ProgrammeForm.split(skeleton), new FormState())).build();
    }

    /** The first free {@code <city code>-nnnn}. */
    static String nextOwnId(City city, List<ProgrammeSummary> all) {
        int n = 1;
        while (true) {
            String id = city.code() + "-" + String.format("%04d", n);
            if (all.stream().noneMatch(s -> s.programmeId().equals(id))) {
                return id;
            }
            n++;
        }
    }

    @POST
    @Path("c/{code}/admin/programmes/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("code") String code) throws Exception {
        MultivaluedMap<String, String> form = formParameters();
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        ProgrammeForm pf = formOf(form);
        FormState st = FormState.of(form);
        try {
            switch (st.action) {
                case "try" -> st.evaluation = registry.tryNew(household(form, pf.compose()));
                case "validate" -> st.validated = validate(pf, st);
                default -> {
                    ProgrammeDetail d = registry.create(new ProgrammeDraft(pf.compose(), st.comment));
                    return Response.seeOther(URI.create(base(city) + "/" + d.summary().id() + "?saved=1")).build();
                }
            }
            return Response.status(st.errors.isEmpty() ? 200 : 400).entity(editPage(city, null, pf, st)).build();
        } catch (ProblemException e) {
            return refused(city, null, pf, st, e);
        }
    }

    @GET
    @Path("c/{code}/admin/programmes/{id}")
    public Response edit(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("saved") String saved)
            throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        ProgrammeDetail d = detail(uuid(id));
        FormState st = new FormState();
        st.notice = saved == null ? null : switch (saved) {
            case "published" -> "公開しました。住民にはこの版が表示されます。";
            case "hidden" -> "住民に表示しないようにしました。";
            case "shown" -> "住民に表示するようにしました。";
            case "adopted" -> "テンプレートの更新を取り込みました。";
            default -> "下書きとして保存しました（まだ公開されていません）。";
        };
        return Response.ok(editPage(city, d, ProgrammeForm.split(d.latestYaml()), st)).build();
    }

    @POST
    @Path("c/{code}/admin/programmes/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        MultivaluedMap<String, String> form = formParameters();
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        ProgrammeForm pf = formOf(form, d.summary().programmeId());
        FormState st = FormState.of(form);
        try {
            switch (st.action) {
                case "try" -> st.evaluation = registry.tryRule(entry, household(form, pf.compose()));
                case "validate" -> st.validated = validate(pf, st);
                default -> {
                    registry.saveDraft(entry, new ProgrammeDraft(pf.compose(), st.comment));
                    return Response.seeOther(URI.create(base(city) + "/" + entry + "?saved=1")).build();
                }
            }
            return Response.status(st.errors.isEmpty() ? 200 : 400).entity(editPage(city, d, pf, st)).build();
        } catch (ProblemException e) {
            return refused(city, d, pf, st, e);
        }
    }

    @POST
    @Path("c/{code}/admin/programmes/{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response publish(@PathParam("code") String code, @PathParam("id") String id,
                            @jakarta.ws.rs.FormParam("version") String version,
                            @jakarta.ws.rs.FormParam("comment") String comment) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        UUID entry = uuid(id);
        try {
            registry.publish(entry, version == null || version.isBlank() ? null : Integer.valueOf(version), comment);
        } catch (ProblemException | NumberFormatException e) {
            ProgrammeDetail d = detail(entry);
            FormState st = new FormState();
            if (e instanceof ProblemException p) {
                errorsOf(p, null, st);
            } else {
                st.errors.add(new PageError(0, 0, null, "版の番号が正しくありません"));
            }
            st.errors.add(0, new PageError(0, 0, null, "この版は公開できません。内容を直して保存してから公開してください。"));
            return Response.status(400).entity(editPage(city, d, ProgrammeForm.split(d.latestYaml()), st)).build();
        }
        return Response.seeOther(URI.create(base(city) + "/" + entry + "?saved=published")).build();
    }

    @POST
    @Path("c/{code}/admin/programmes/{id}/hide")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response hide(@PathParam("code") String code, @PathParam("id") String id,
                         @jakarta.ws.rs.FormParam("hidden") String hidden) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        boolean h = !"false".equals(hidden);
        registry.hide(detail(uuid(id)).summary().id(), h, null);
        return Response.seeOther(URI.create(base(city) + "/" + id + "?saved=" + (h ? "hidden" : "shown"))).build();
    }

    // ------------------------------------------------------------------ history and template updates

    @GET
    @Path("c/{code}/admin/programmes/{id}/history")
    public Response history(@PathParam("code") String code, @PathParam("id") String id,
                            @QueryParam("from") String from, @QueryParam("to") String to) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        List<ProgrammeVersion> versions = d.versions();
        int latest = versions.get(0).version();
        int f = parse(from, Math.max(1, latest - 1));
        int t = parse(to, latest);
        StringBuilder b = new StringBuilder("<h1>版の履歴 — ").append(Html.escape(d.summary().name())).append("</h1>");
        b.append("<p><a href=\"").append(base(city)).append('/').append(entry).append("\">編集画面へ戻る</a></p>");
        b.append("<table><caption>版の一覧（新しい順）</caption><thead><tr><th scope=\"col\">版</th><th scope=\"col\">状態</th>"
                + "<th scope=\"col\">保存した人</th><th scope=\"col\">日時</th><th scope=\"col\">コメント</th></tr></thead><tbody>");
        for (ProgrammeVersion v : versions) {
            b.append("<tr><td>第").append(v.version()).append("版</td><td>").append(versionStatus(v.status()))
                    .append("</td><td>").append(Html.escape(v.author())).append("</td><td>")
                    .append(v.createdAt() == null ? "" : Html.escape(v.createdAt().atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo"))
                            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))).append("</td><td>")
                    .append(Html.escape(v.comment())).append("</td></tr>");
        }
        b.append("</tbody></table>");
        b.append("<form method=\"get\" action=\"").append(base(city)).append('/').append(entry).append("/history\">")
                .append("<h2>版を比べる</h2><p><label for=\"from\">比べる元の版</label> ").append(versionSelect("from", versions, f))
                .append(" <label for=\"to\">比べる先の版</label> ").append(versionSelect("to", versions, t))
                .append(" <button type=\"submit\">比べる</button></p></form>");
        try {
            b.append("<h2>第").append(f).append("版 → 第").append(t).append("版 の違い</h2>")
                    .append(diffHtml(registry.diff(entry, f, t)));
        } catch (ProblemException e) {
            b.append("<div class=\"error\" role=\"alert\"><p>指定された版がありません。</p></div>");
        }
        return Response.ok(PageShell.render("ja", "版の履歴 — " + d.summary().name(), city, STYLE + b)).build();
    }

    @GET
    @Path("c/{code}/admin/programmes/{id}/template-update")
    public Response templateUpdate(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        UUID entry = uuid(id);
        ProgrammeDetail d = detail(entry);
        TemplateUpdate u = registry.templateUpdate(entry);
        StringBuilder b = new StringBuilder("<h1>テンプレートの更新 — ").append(Html.escape(d.summary().name())).append("</h1>");
        b.append("<p><a href=\"").append(base(city)).append('/').append(entry).append("\">編集画面へ戻る</a></p>");
        if (!u.available()) {
            b.append("<p>この制度のテンプレートに更新はありません。</p>");
        } else {
            b.append("<p>Kyodo の新しい版でテンプレート ").append(Html.escape(u.templateId()))
                    .append(" が変わりました。取り込む前に、次の違い（取り込み済みのテンプレート → 新しいテンプレート）をご確認ください。</p>");
            if (u.edited()) {
                b.append("<p><strong>この制度は市区町村で編集されています。</strong>取り込むと新しいテンプレートの内容が下書きになります。"
                        + "必要な変更を入れ直してから公開してください。</p>");
            } else {
                b.append("<p>この制度は編集されていないため、取り込むとすぐに公開されます。</p>");
            }
            b.append(diffHtml(u.diff()));
            b.append("<form method=\"post\" action=\"").append(base(city)).append('/').append(entry).append("/template-update\">").append(FormToken.hidden())
                    .append("<div class=\"field\"><label for=\"comment\">コメント</label><input id=\"comment\" name=\"comment\" size=\"60\"></div>")
                    .append("<p><button type=\"submit\">更新を取り込む</button></p></form>");
        }
        return Response.ok(PageShell.render("ja", "テンプレートの更新 — " + d.summary().name(), city, STYLE + b)).build();
    }

    @POST
    @Path("c/{code}/admin/programmes/{id}/template-update")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response adopt(@PathParam("code") String code, @PathParam("id") String id,
                          @jakarta.ws.rs.FormParam("comment") String comment) throws Exception {
        Response gate = gate(code);
        if (gate != null || response.isCommitted()) {
            return gate;
        }
        City city = tenant.city();
        UUID entry = detail(uuid(id)).summary().id();
        try {
            registry.adoptTemplateUpdate(entry, comment);
        } catch (ProblemException e) {
            if (e.status() != 409) {
                throw e;
            }
            return Response.status(409).entity(PageShell.render("ja", "テンプレートの更新", city,
                    "<h1>テンプレートの更新</h1><div class=\"error\" role=\"alert\"><p>この制度のテンプレートに取り込む更新はありません。</p></div>"
                            + "<p><a href=\"" + base(city) + "/" + entry + "\">編集画面へ戻る</a></p>")).build();
        }
        return Response.seeOther(URI.create(base(city) + "/" + id + "?saved=adopted")).build();
    }

    // ------------------------------------------------------------------ rendering

    /** What the edit page shows besides the form: errors, a validation result, a try result. */
    static final class FormState {
        String action = "save";
        String comment = "";
        Map<String, String> household = new LinkedHashMap<>();
        List<PageError> errors = new ArrayList<>();
        Boolean validated;
        ProgrammeEvaluation evaluation;
        String notice;

        static FormState of(MultivaluedMap<String, String> form) {
            FormState s = new FormState();
            String a = form.getFirst("action");
            s.action = a == null ? "save" : a;
            s.comment = form.getFirst("comment") == null ? "" : form.getFirst("comment");
            form.forEach((k, v) -> {
                if (k.startsWith("h_") && !v.isEmpty()) {
                    s.household.put(k, v.get(0));
                }
            });
            return s;
        }

        String h(String key) {
            return household.getOrDefault(key, "");
        }
    }

    /** An error at a field (name) or a textarea line/column (0 = none). */
    record PageError(int line, int column, String field, String message) { }

    private Response refused(City city, ProgrammeDetail d, ProgrammeForm pf, FormState st, ProblemException e) {
        if (e.status() == 404) {
            throw e;
        }
        errorsOf(e, pf, st);
        return Response.status(400).entity(editPage(city, d, pf, st)).build();
    }

    @SuppressWarnings("unchecked")
    private static void errorsOf(ProblemException e, ProgrammeForm pf, FormState st) {
        Object errors = e.extensions().get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                int line = ((Number) m.get("line")).intValue();
                int column = ((Number) m.get("column")).intValue();
                String field = pf == null ? null : pf.fieldAt(line);
                int taLine = pf == null ? line : pf.textareaLine(line);
                st.errors.add(new PageError(field == null ? taLine : 0, field == null ? column : 0, field, String.valueOf(m.get("message"))));
            }
        } else {
            String detail = e.detail() == null ? e.titleJa() : e.detail();
            int slash = detail.indexOf(" / ");
            st.errors.add(new PageError(0, 0, null, slash > 0 ? detail.substring(0, slash) : detail));
        }
    }

    private boolean validate(ProgrammeForm pf, FormState st) {
        var v = registry.validate(pf.compose());
        for (var i : v.issues()) {
            String field = pf.fieldAt(i.line());
            st.errors.add(new PageError(field == null ? pf.textareaLine(i.line()) : 0, field == null ? i.column() : 0, field, i.message()));
        }
        return v.valid();
    }

    private String editPage(City city, ProgrammeDetail d, ProgrammeForm pf, FormState st) {
        boolean isNew = d == null;
        String action = isNew ? base(city) + "/new" : base(city) + "/" + d.summary().id();
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(isNew ? "市区町村独自の制度を作る" : "制度の編集 — " + Html.escape(d.summary().name())).append("</h1>");
        b.append("<p><a href=\"").append(base(city)).append("\">制度一覧へ戻る</a></p>");
        if (st.notice != null) {
            b.append("<div class=\"ok\" role=\"status\"><p>").append(Html.escape(st.notice)).append("</p></div>");
        }
        if (!st.errors.isEmpty()) {
            b.append("<div class=\"error\" role=\"alert\" id=\"errors\"><h2>内容に誤りがあります（").append(st.errors.size())
                    .append("件）</h2><p>保存されていません。次の箇所を直してください。</p><ul>");
            String[] lines = pf.rest().split("\n", -1);
            for (PageError e : st.errors) {
                b.append("<li>");
                if (e.field() != null) {
                    b.append("<a href=\"#f_").append(Html.escape(e.field())).append("\">")
                            .append(Html.escape(ProgrammeForm.FIELDS.getOrDefault(e.field(), "制度番号"))).append("</a>: ");
                } else if (e.line() > 0) {
                    b.append("<a href=\"#rest\">YAML ").append(e.line()).append("行 ").append(e.column()).append("列</a>: ");
                }
                b.append(Html.escape(e.message()));
                if (e.field() == null && e.line() > 0 && e.line() <= lines.length) {
                    String l = lines[e.line() - 1];
                    b.append("<pre aria-label=\"").append(e.line()).append("行目\">").append(Html.escape(l)).append('\n')
                            .append(" ".repeat(Math.max(0, Math.min(e.column() - 1, l.length())))).append("^</pre>");
                }
                b.append("</li>");
            }
            b.append("</ul></div>");
        } else if (Boolean.TRUE.equals(st.validated)) {
            b.append("<div class=\"ok\" role=\"status\"><p>誤りは見つかりませんでした（まだ保存されていません）。</p></div>");
        }
        if (!isNew) {
            ProgrammeSummary s = d.summary();
            b.append("<p>制度番号 ").append(Html.escape(s.programmeId())).append("・状態 ").append(statusLabel(s))
                    .append("・公開版 ").append(s.publishedVersion() == null ? "なし" : "第" + s.publishedVersion() + "版")
                    .append("・最新版 第").append(s.latestVersion()).append("版")
                    .append("（<a href=\"").append(action).append("/history\">版の履歴と比較</a>）</p>");
            if (s.templateUpdateAvailable()) {
                b.append("<p><a href=\"").append(action).append("/template-update\">テンプレートに更新があります。確認する</a></p>");
            }
            if (s.publishedVersion() != null) {
                b.append("<p><a href=\"").append(base(city)).append("/new?parent=").append(Html.escape(s.programmeId()))
                        .append("\">この制度をもとに市区町村独自の制度（派生制度）を作る</a></p>");
            }
        }
        if (st.evaluation != null) {
            b.append(evaluationHtml(st.evaluation));
        }
        b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(FormToken.hidden());
        b.append("<h2>制度の内容</h2>");
        if (isNew) {
            b.append(input("id", "制度番号（" + Html.escape(city.code()) + "-0001 の形）", pf.id() == null ? "" : pf.id(), st, false));
        }
        for (Map.Entry<String, String> f : ProgrammeForm.FIELDS.entrySet()) {
            b.append(input(f.getKey(), f.getValue(), pf.value(f.getKey()), st, f.getKey().equals("description")));
        }
        boolean restError = st.errors.stream().anyMatch(e -> e.field() == null && e.line() > 0);
        b.append("<div class=\"field\"><label for=\"rest\">その他の項目と判定ルール（YAML）</label>")
                .append("<p id=\"rest-hint\">手続書類・申請方法・ライフイベント・地域と、<code>eligibility:</code>（parameters, definitions, "
                        + "conditions, amount）を書きます。書き方は「制度の判定ルール」の手引きをご覧ください。</p>")
                .append("<textarea id=\"rest\" name=\"rest\" rows=\"28\" cols=\"100\" spellcheck=\"false\" aria-describedby=\"rest-hint")
                .append(restError ? " errors\" aria-invalid=\"true\"" : "\"").append(">").append(Html.escape(pf.rest()))
                .append("</textarea></div>");
        b.append("<div class=\"field\"><label for=\"comment\">変更の理由（コメント）</label><input id=\"comment\" name=\"comment\" size=\"60\" value=\"")
                .append(Html.escape(st.comment)).append("\"></div>");
        b.append("<p><button type=\"submit\" name=\"action\" value=\"save\">").append(isNew ? "作成する（下書き）" : "下書きとして保存")
                .append("</button> <button type=\"submit\" name=\"action\" value=\"validate\">誤りがないか確認する</button></p>");
        b.append(tryPanel(st));
        b.append("</form>");
        if (!isNew) {
            ProgrammeSummary s = d.summary();
            b.append("<h2>公開</h2><form method=\"post\" action=\"").append(action).append("/publish\">").append(FormToken.hidden())
                    .append("<p><label for=\"version\">公開する版</label> <select id=\"version\" name=\"version\">");
            for (ProgrammeVersion v : d.versions()) {
                b.append("<option value=\"").append(v.version()).append("\"").append(v.version() == s.latestVersion() ? " selected" : "")
                        .append(">第").append(v.version()).append("版（").append(versionStatus(v.status())).append("）</option>");
            }
            b.append("</select></p><div class=\"field\"><label for=\"publish-comment\">コメント</label><input id=\"publish-comment\" name=\"comment\" size=\"60\"></div>")
                    .append("<p><button type=\"submit\">この版を公開する</button></p></form>");
            b.append("<form method=\"post\" action=\"").append(action).append("/hide\">").append(FormToken.hidden()).append("<input type=\"hidden\" name=\"hidden\" value=\"")
                    .append(s.hidden() ? "false" : "true").append("\"><p><button type=\"submit\">")
                    .append(s.hidden() ? "住民に表示する" : "住民に表示しない（非公開にする）").append("</button></p></form>");
        }
        return PageShell.render("ja", (isNew ? "制度を作る" : "制度の編集 — " + d.summary().name()) + " — " + city.name(), city, STYLE + b);
    }

    private static String input(String name, String label, String value, FormState st, boolean multiline) {
        boolean error = st.errors.stream().anyMatch(e -> name.equals(e.field()));
        String id = "f_" + name;
        String aria = error ? " aria-invalid=\"true\" aria-describedby=\"errors\"" : "";
        StringBuilder b = new StringBuilder("<div class=\"field\"><label for=\"").append(id).append("\">").append(Html.escape(label))
                .append("</label>");
        if (multiline) {
            b.append("<textarea id=\"").append(id).append("\" name=\"").append(id).append("\" rows=\"4\" cols=\"80\"").append(aria)
                    .append(">").append(Html.escape(value)).append("</textarea>");
        } else {
            b.append("<input id=\"").append(id).append("\" name=\"").append(id).append("\" size=\"60\" value=\"")
                    .append(Html.escape(value)).append("\"").append(aria).append(">");
        }
        return b.append("</div>").toString();
    }

    private static String tryPanel(FormState st) {
        StringBuilder b = new StringBuilder("<fieldset><legend><h2>この内容を試す（世帯を入力）</h2></legend>")
                .append("<p id=\"try-hint\">保存前の内容で、入力した世帯が対象になるかを確かめます。実在の個人の情報は入力しないでください。</p>");
        b.append("<div class=\"field\"><label for=\"h_asOf\">判定する日（YYYY-MM-DD、空欄なら今日）</label><input id=\"h_asOf\" name=\"h_asOf\" type=\"date\" value=\"")
                .append(Html.escape(st.h("h_asOf"))).append("\"></div>");
        b.append("<div class=\"field\"><label for=\"h_income\">世帯の控除後所得（円/年、空欄なら未入力）</label><input id=\"h_income\" name=\"h_income\" inputmode=\"numeric\" value=\"")
                .append(Html.escape(st.h("h_income"))).append("\"></div>");
        b.append("<div class=\"field\"><input id=\"h_single\" name=\"h_single\" type=\"checkbox\" value=\"1\"")
                .append(st.h("h_single").isEmpty() ? "" : " checked").append("><label for=\"h_single\" style=\"display:inline\"> 配偶者がいるがひとり親に該当する</label></div>");
        b.append("<table><caption>世帯員（続柄を選んだ行だけ使います）</caption><thead><tr><th scope=\"col\">#</th><th scope=\"col\">続柄</th>"
                + "<th scope=\"col\">生年月日</th><th scope=\"col\">所得（円/年）</th><th scope=\"col\">身体障害者手帳</th>"
                + "<th scope=\"col\">療育手帳</th><th scope=\"col\">愛の手帳</th><th scope=\"col\">精神障害者保健福祉手帳</th></tr></thead><tbody>");
        for (int i = 1; i <= MEMBER_ROWS; i++) {
            String p = "h_m" + i + "_";
            b.append("<tr><th scope=\"row\">").append(i).append("</th><td>")
                    .append(select(p + "role", "世帯員" + i + "の続柄", st.h(p + "role"), new String[][] {{"", "—"}, {"parent", "親"},
                            {"child", "子"}, {"grandparent", "祖父母"}, {"other", "その他"}}))
                    .append("</td><td><input type=\"date\" name=\"").append(p).append("birth\" aria-label=\"世帯員").append(i)
                    .append("の生年月日\" value=\"").append(Html.escape(st.h(p + "birth"))).append("\"></td><td><input name=\"").append(p)
                    .append("income\" size=\"10\" inputmode=\"numeric\" aria-label=\"世帯員").append(i).append("の所得\" value=\"")
                    .append(Html.escape(st.h(p + "income"))).append("\"></td><td>")
                    .append(select(p + "physical", "世帯員" + i + "の身体障害者手帳", st.h(p + "physical"), grades(7, "級")))
                    .append("</td><td>").append(select(p + "ryoiku", "世帯員" + i + "の療育手帳", st.h(p + "ryoiku"),
                            new String[][] {{"", "なし"}, {"A", "A"}, {"B", "B"}}))
                    .append("</td><td>").append(select(p + "aino", "世帯員" + i + "の愛の手帳", st.h(p + "aino"), grades(4, "度")))
                    .append("</td><td>").append(select(p + "mental", "世帯員" + i + "の精神障害者保健福祉手帳", st.h(p + "mental"), grades(3, "級")))
                    .append("</td></tr>");
        }
        b.append("</tbody></table><p><button type=\"submit\" name=\"action\" value=\"try\" aria-describedby=\"try-hint\">この世帯で試す</button></p></fieldset>");
        return b.toString();
    }

    private static String[][] grades(int max, String unit) {
        String[][] out = new String[max + 1][];
        out[0] = new String[] {"", "なし"};
        for (int i = 1; i <= max; i++) {
            out[i] = new String[] {String.valueOf(i), i + unit};
        }
        return out;
    }

    private static String select(String name, String label, String value, String[][] options) {
        StringBuilder b = new StringBuilder("<select name=\"").append(name).append("\" aria-label=\"").append(Html.escape(label)).append("\">");
        for (String[] o : options) {
            b.append("<option value=\"").append(o[0]).append("\"").append(o[0].equals(value) ? " selected" : "").append(">")
                    .append(Html.escape(o[1])).append("</option>");
        }
        return b.append("</select>").toString();
    }

    /** The household typed in the try panel; a 400 problem (shown on the page) when a value is unreadable. */
    static HouseholdInput household(MultivaluedMap<String, String> form, String yaml) {
        List<HouseholdInput.Member> members = new ArrayList<>();
        for (int i = 1; i <= MEMBER_ROWS; i++) {
            String p = "h_m" + i + "_";
            String role = form.getFirst(p + "role");
            if (role == null || role.isBlank()) {
                continue;
            }
            String ryoiku = form.getFirst(p + "ryoiku");
            members.add(new HouseholdInput.Member(role, date(form.getFirst(p + "birth"), "世帯員" + i + "の生年月日"),
                    number(form.getFirst(p + "income"), "世帯員" + i + "の所得"),
                    integer(form.getFirst(p + "physical")), ryoiku == null || ryoiku.isBlank() ? null : ryoiku,
                    integer(form.getFirst(p + "aino")), integer(form.getFirst(p + "mental")), false, false));
        }
        return new HouseholdInput(members, form.getFirst("h_single") != null, number(form.getFirst("h_income"), "世帯の控除後所得"),
                null, date(form.getFirst("h_asOf"), "判定する日"), yaml);
    }

    private static LocalDate date(String s, String label) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-household", label + "は YYYY-MM-DD で入力してください", "bad date");
        }
    }

    private static Long number(String s, String label) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(s.strip().replace(",", "").replace("，", ""));
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-household", label + "は数字で入力してください（例 1200000）", "bad number");
        }
    }

    private static Integer integer(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-household", "障害者手帳の等級を選び直してください", "bad grade");
        }
    }

    static String evaluationHtml(ProgrammeEvaluation e) {
        StringBuilder b = new StringBuilder("<section class=\"ok\" aria-labelledby=\"result\" role=\"status\"><h2 id=\"result\">試した結果: ")
                .append(switch (e.status()) {
                    case ELIGIBLE -> "対象";
                    case NOT_ELIGIBLE -> "対象外";
                    case UNKNOWN -> "要確認（入力が足りません）";
                    case ERROR -> "判定できません";
                }).append("</h2>");
        if (e.amount() != null) {
            b.append("<p>月額 ").append(e.amount().isRange() ? String.format("%,d〜%,d円", e.amount().min(), e.amount().max())
                    : String.format("%,d円", e.amount().max())).append("（").append(e.asOf()).append(" 時点）</p>");
        }
        if (e.errorMessage() != null) {
            b.append("<p>理由: ").append(Html.escape(e.errorMessage())).append("</p>");
        }
        if (!e.conditions().isEmpty()) {
            b.append("<table><caption>条件</caption><thead><tr><th scope=\"col\">条件</th><th scope=\"col\">結果</th></tr></thead><tbody>");
            for (ConditionResult c : e.conditions()) {
                b.append("<tr><td>").append(Html.escape(c.label())).append("</td><td>").append(switch (c.outcome()) {
                    case MATCHED -> "満たす";
                    case NOT_MATCHED -> "満たさない";
                    case UNKNOWN -> "不明（" + Html.escape(String.join("、", c.missingInputs())) + "）";
                }).append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        if (!e.missingInputs().isEmpty()) {
            b.append("<p>足りない入力: ").append(Html.escape(String.join("、", e.missingInputs()))).append("</p>");
        }
        return b.append("</section>").toString();
    }

    static String diffHtml(List<DiffLine> diff) {
        StringBuilder b = new StringBuilder("<table class=\"diff\"><caption>違い（＋追加、−削除）</caption><thead><tr><th scope=\"col\">元の行</th>"
                + "<th scope=\"col\">先の行</th><th scope=\"col\">内容</th></tr></thead><tbody>");
        boolean any = false;
        for (DiffLine d : diff) {
            if (d.op() == DiffLine.Op.SAME) {
                continue;
            }
            any = true;
            boolean add = d.op() == DiffLine.Op.ADDED;
            b.append("<tr class=\"").append(add ? "add" : "del").append("\"><td>").append(d.oldLine() == null ? "" : d.oldLine())
                    .append("</td><td>").append(d.newLine() == null ? "" : d.newLine()).append("</td><td>")
                    .append(add ? "＋ " : "− ").append(Html.escape(d.text())).append("</td></tr>");
        }
        if (!any) {
            b.append("<tr><td colspan=\"3\">違いはありません</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private static String versionSelect(String name, List<ProgrammeVersion> versions, int selected) {
        StringBuilder b = new StringBuilder("<select id=\"").append(name).append("\" name=\"").append(name).append("\">");
        for (ProgrammeVersion v : versions) {
            b.append("<option value=\"").append(v.version()).append("\"").append(v.version() == selected ? " selected" : "")
                    .append(">第").append(v.version()).append("版</option>");
        }
        return b.append("</select>").toString();
    }

    private static String statusLabel(ProgrammeSummary s) {
        String base = switch (s.status()) {
            case CityProgrammeRegistry.PUBLISHED -> "公開中";
            case CityProgrammeRegistry.HIDDEN -> "非公開";
            default -> "下書きのみ";
        };
        return s.hasDraft() && s.publishedVersion() != null ? base + "（未公開の下書きあり）" : base;
    }

    private static String versionStatus(String status) {
        return switch (status) {
            case CityProgrammeRegistry.PUBLISHED -> "公開中";
            case CityProgrammeRegistry.DRAFT -> "下書き";
            default -> "過去の版";
        };
    }

    private static ProgrammeForm formOf(MultivaluedMap<String, String> form) {
        return formOf(form, form.getFirst("f_id"));
    }

    private static ProgrammeForm formOf(MultivaluedMap<String, String> form, String id) {
        Map<String, String> values = new LinkedHashMap<>();
        ProgrammeForm.FIELDS.keySet().forEach(k -> values.put(k, form.getFirst("f_" + k)));
        return new ProgrammeForm(id, values, form.getFirst("rest"));
    }

    private static int parse(String s, int fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFoundPage();
        }
    }

    /**
     * The posted form, read through the servlet request: filters before this resource may already have parsed the
     * body (a JAX-RS form entity would then be empty), the servlet's parameters always have it.
     */
    private MultivaluedMap<String, String> formParameters() throws java.io.UnsupportedEncodingException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding("UTF-8");
        }
        MultivaluedMap<String, String> m = new jakarta.ws.rs.core.MultivaluedHashMap<>();
        request.getParameterMap().forEach((k, v) -> m.put(k, new ArrayList<>(List.of(v))));
        return m;
    }

    /** The programme for the admin, or a 404 page (another city's id is not found either). */
    private ProgrammeDetail detail(UUID id) {
        try {
            return registry.get(id, true);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw notFoundPage();
            }
            throw e;
        }
    }

    private jakarta.ws.rs.WebApplicationException notFoundPage() {
        City city = tenant.city();
        return new jakarta.ws.rs.WebApplicationException(Response.status(404).type(MediaType.TEXT_HTML + ";charset=UTF-8")
                .entity(PageShell.render("ja", "見つかりません", city, "<h1>見つかりません</h1><p>この制度は存在しないか、参照する権限がありません。"
                        + " This programme does not exist or is not yours to see.</p><p><a href=\"" + base(city)
                        + "\">制度一覧へ戻る</a></p>")).build());
    }

    private static String base(City city) {
        return "/c/" + Html.escape(city.code()) + "/admin/programmes";
    }

    /** Null when the caller is a city admin signed in to this city; otherwise a sign-in redirect or a 403 page. */
    private Response gate(String code) throws Exception {
        City city = tenant.city();
        return switch (PageGate.check(security, request, city, code, "city-admin")) {
            case NOT_SIGNED_IN -> {
                security.authenticate(request, response, withParams());
                yield null;
            }
            case OTHER_CITY, MISSING_ROLE -> Response.status(403).entity(PageShell.render("ja", "権限がありません", city,
                    "<h1>権限がありません</h1><p>このページは" + Html.escape(city.name())
                            + "の自治体管理者だけが使えます。 Only this city's administrators may use this page.</p>"
                            + PageShell.signOutForm())).build();
            case ADMITTED -> null;
        };
    }
}
