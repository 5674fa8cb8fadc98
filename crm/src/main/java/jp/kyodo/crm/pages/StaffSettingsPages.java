package jp.kyodo.crm.pages;

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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.kyodo.crm.cases.CaseService;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.QueueDraft;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.crm.cases.RoutingRule;
import jp.kyodo.crm.cases.SlaRules;
import jp.kyodo.crm.cases.SlaTarget;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The contact centre's settings as pages, for cities without IT staff: queues (窓口), routing rules (振り分けルール,
 * ordered) and response targets (対応期限) with the warning before them. Operators and staff see them; city
 * administrators change them (the same roles as the API, and the same {@link CaseService} methods). Plain forms that
 * work without JavaScript, with an error summary, a message at each field and the typed input kept.
 */
@Path("")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffSettingsPages {

    static final String ADMIN = "city-admin";
    private static final String EXPIRED = "画面の有効期限が切れました。もう一度送信してください。";
    private static final String STYLE = "<style>.field{margin:1rem 0}.field label{font-weight:700;display:block}"
            + ".hint{color:#444;margin:0}.field-error{color:#b00020;font-weight:700;margin:0}"
            + ".invalid input,.invalid select,.invalid textarea{border:2px solid #b00020}"
            + ".error-summary{border:4px solid #b00020;padding:0 1rem;margin:1rem 0}"
            + "input[type=number]{font:inherit;width:8rem}input[type=text]{width:100%;box-sizing:border-box}"
            + "ol.rules>li,ul.queues>li{border-bottom:1px solid #ccc;padding:.5rem 0}"
            + ".inline{display:inline-block;margin:.2rem .5rem .2rem 0}fieldset{border:1px solid #ccc;margin:1rem 0}"
            + "button{min-height:44px}</style>";

    @Inject
    TenantContext tenant;
    @Inject
    SecurityContext security;
    @Inject
    CaseService cases;
    @Context
    HttpServletRequest request;
    @Context
    HttpServletResponse response;

    /** Errors of a refused form: input name → message; "" holds messages that belong to no single field. */
    static final class Errors extends LinkedHashMap<String, String> {
        void general(String message) {
            merge("", message, (a, b) -> a + " " + b);
        }
    }

    // ------------------------------------------------------------------ overview and response targets

    @GET
    @Path("c/{code}/staff/settings")
    public Response overview(@PathParam("code") String code, @QueryParam("done") String done) throws Exception {
        City city = tenant.city();
        return overviewPage(city, done, null, new Errors(), 200);
    }

    @POST
    @Path("c/{code}/staff/settings/sla")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveSla(@PathParam("code") String code) throws Exception {
        Map<String, String> form = posted();
        City city = tenant.city();
        Errors errors = new Errors();
        List<SlaTarget> targets = new ArrayList<>();
        for (Priority p : Priority.values()) {
            Integer minutes = number(form, slaField(p, "minutes"), "対応期限（分）は半角数字で入力してください", errors);
            Integer warn = number(form, slaField(p, "warn"), "事前の警告（分）は半角数字で入力するか、空欄にしてください", errors);
            if (minutes == null && !errors.containsKey(slaField(p, "minutes"))) {
                errors.put(slaField(p, "minutes"), "優先度「" + p.label() + "」の対応期限（分）を入力してください");
            }
            targets.add(new SlaTarget(p, minutes == null ? 0 : minutes, warn));
        }
        if (!FormToken.valid(request, form.get(FormToken.FIELD))) {
            errors.general(EXPIRED);
        }
        if (errors.isEmpty()) {
            try {
                cases.replaceSlaTargets(targets);
                return Response.seeOther(URI.create("/c/" + code + "/staff/settings?done=sla#sla-heading")).build();
            } catch (ProblemException e) {
                collect(e, errors, StaffSettingsPages::slaInput);
            }
        }
        return overviewPage(city, null, form, errors, 400);
    }

    private Response overviewPage(City city, String done, Map<String, String> typed, Errors errors, int status) {
        boolean admin = SignedIn.hasRole(request, ADMIN);
        String c = Html.escape(city.code());
        String base = "/c/" + c + "/staff/settings";
        List<QueueView> queues = cases.queues();
        Map<String, String> queueNames = new LinkedHashMap<>();
        queues.forEach(q -> queueNames.put(q.code(), q.name()));
        StringBuilder b = new StringBuilder(STYLE).append("<h1>窓口・振り分け・対応期限の設定</h1>");
        if (done != null && errors.isEmpty()) {
            b.append("<div class=\"done\" role=\"status\"><p>").append(Html.escape(doneMessage(done))).append("</p></div>");
        }
        b.append(summary(errors));
        b.append("<p>問い合わせは、上から順に振り分けルールを調べ、最初に当てはまったルールの窓口に入ります。"
                + "どのルールにも当てはまらないときは既定の窓口に入ります。</p>");
        if (!admin) {
            b.append("<p>設定を変更できるのは市の管理者です。ここでは現在の設定を確認できます。</p>");
        }

        // queues
        b.append("<section aria-labelledby=\"queues-heading\"><h2 id=\"queues-heading\">窓口</h2><ul class=\"queues\">");
        for (QueueView q : queues) {
            b.append("<li><strong>").append(Html.escape(q.name())).append("</strong>")
                    .append(q.isDefault() ? "（既定の窓口）" : "").append("<br>コード: ").append(Html.escape(q.code()))
                    .append(" ／ ").append(tierLabel(q.tier()))
                    .append(q.department() == null ? "" : " ／ 担当課: " + Html.escape(q.department()));
            if (admin) {
                b.append("<br><a href=\"").append(base).append("/queues/").append(q.id()).append("\">「")
                        .append(Html.escape(q.name())).append("」を編集</a>");
            }
            b.append("</li>");
        }
        b.append("</ul>");
        if (admin) {
            b.append("<p><a href=\"").append(base).append("/queues/new\">窓口を追加する</a></p>");
        }
        b.append("</section>");

        // routing rules
        List<RoutingRule> rules = cases.routingRules();
        String token = FormToken.hidden(request);
        b.append("<section aria-labelledby=\"rules-heading\"><h2 id=\"rules-heading\">振り分けルール（上から順に調べます）</h2>");
        if (rules.isEmpty()) {
            b.append("<p>ルールはありません。すべての問い合わせが既定の窓口に入ります。</p>");
        } else {
            b.append("<ol class=\"rules\">");
            for (int i = 0; i < rules.size(); i++) {
                RoutingRule r = rules.get(i);
                int n = i + 1;
                b.append("<li id=\"rule-").append(r.id()).append("\"><p>").append(describe(r, queueNames)).append("</p>");
                if (admin) {
                    String action = base + "/rules/" + r.id();
                    if (i > 0) {
                        b.append("<form class=\"inline\" method=\"post\" action=\"").append(action).append("/up\">")
                                .append(token).append("<button type=\"submit\">ルール").append(n).append("を上へ</button></form>");
                    }
                    if (i < rules.size() - 1) {
                        b.append("<form class=\"inline\" method=\"post\" action=\"").append(action).append("/down\">")
                                .append(token).append("<button type=\"submit\">ルール").append(n).append("を下へ</button></form>");
                    }
                    b.append("<a class=\"inline\" href=\"").append(action).append("\">ルール").append(n)
                            .append("を編集・削除</a>");
                }
                b.append("</li>");
            }
            b.append("</ol>");
        }
        if (admin) {
            b.append("<p><a href=\"").append(base).append("/rules/new\">ルールを追加する</a></p>");
        }
        b.append("</section>");

        // response targets
        b.append("<section aria-labelledby=\"sla-heading\"><h2 id=\"sla-heading\">対応期限（優先度ごと）</h2>")
                .append("<p>受付から最初の対応（返信・回答）までの目標時間です。期限が近づくと、案件の経過に"
                        + "「対応期限が近づいています」と記録し、オペレーター窓口で未担当の案件は優先度を1段階上げます。"
                        + "期限を過ぎると優先度を「緊急」にします。だれも画面を開いていなくても、自動で確認します。"
                        + "変更は、これから受け付ける案件に適用されます。</p>");
        List<SlaTarget> targets = cases.slaTargets();
        if (admin) {
            b.append("<form method=\"post\" action=\"").append(base).append("/sla\" novalidate>").append(token);
        }
        for (Priority p : Priority.values()) {
            SlaTarget t = targets.stream().filter(x -> x.priority() == p).findFirst()
                    .orElse(new SlaTarget(p, p.defaultResponseMinutes(), null));
            String auto = "自動（期限の4分の1、最低15分）なら " + SlaRules.plainJapanese(
                    (int) SlaRules.warning(t.responseMinutes(), null).toMinutes()) + "前";
            b.append("<fieldset><legend>優先度「").append(Html.escape(p.label())).append("」</legend>");
            String now = "いまの設定: " + SlaRules.plainJapanese(t.responseMinutes())
                    + (t.warnBeforeMinutes() == null ? "、警告は自動" : "、期限の" + SlaRules.plainJapanese(t.warnBeforeMinutes()) + "前に警告");
            if (admin) {
                String minutes = typed == null ? String.valueOf(t.responseMinutes()) : typed.getOrDefault(slaField(p, "minutes"), "");
                String warn = typed == null ? (t.warnBeforeMinutes() == null ? "" : String.valueOf(t.warnBeforeMinutes()))
                        : typed.getOrDefault(slaField(p, "warn"), "");
                b.append(field(slaField(p, "minutes"), "対応期限（分）", now + "。1日は1440分、3日は4320分です。",
                        "<input type=\"number\" inputmode=\"numeric\" min=\"5\" max=\"525600\" required", minutes, errors));
                b.append(field(slaField(p, "warn"), "期限の何分前に警告するか（分・空欄で自動）", auto + "。",
                        "<input type=\"number\" inputmode=\"numeric\" min=\"1\" max=\"525600\"", warn, errors));
            } else {
                b.append("<p>").append(Html.escape(now)).append("</p>");
            }
            b.append("</fieldset>");
        }
        if (admin) {
            b.append("<p><button type=\"submit\">対応期限を保存する</button></p></form>");
        }
        b.append("</section>");
        return html(status, city, "窓口・振り分け・対応期限の設定", b.toString());
    }

    // ------------------------------------------------------------------ queues

    @GET
    @Path("c/{code}/staff/settings/queues/{id}")
    @StaffOnly.CityAdmin
    public Response queueForm(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        City city = tenant.city();
        Optional<QueueView> q = queue(id);
        if (!"new".equals(id) && q.isEmpty()) {
            return StaffPage.page(404, city, "窓口が見つかりません", "<p>この窓口はありません。</p>");
        }
        Map<String, String> values = new LinkedHashMap<>();
        q.ifPresentOrElse(x -> {
            values.put("code", x.code());
            values.put("name", x.name());
            values.put("tier", String.valueOf(x.tier()));
            values.put("department", x.department() == null ? "" : x.department());
        }, () -> values.put("tier", "3"));
        return queuePage(city, q.orElse(null), values, new Errors(), 200);
    }

    @POST
    @Path("c/{code}/staff/settings/queues/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveQueue(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        Map<String, String> form = posted();
        City city = tenant.city();
        Optional<QueueView> q = queue(id);
        if (!"new".equals(id) && q.isEmpty()) {
            return StaffPage.page(404, city, "窓口が見つかりません", "<p>この窓口はありません。</p>");
        }
        Errors errors = new Errors();
        int tier = "2".equals(form.get("tier")) ? 2 : "3".equals(form.get("tier")) ? 3 : 0;
        QueueDraft d = new QueueDraft(form.getOrDefault("code", "").strip(), form.getOrDefault("name", ""), tier,
                form.get("department"), "true".equals(form.get("defaultQueue")) ? Boolean.TRUE : null);
        if (!FormToken.valid(request, form.get(FormToken.FIELD))) {
            errors.general(EXPIRED);
        } else {
            try {
                if (q.isEmpty()) {
                    if (cases.queues().stream().anyMatch(x -> x.code().equals(d.code()))) {
                        errors.put("code", "窓口コード " + d.code() + " はほかの窓口で使われています");
                    } else {
                        cases.saveQueue(d);
                    }
                } else {
                    cases.updateQueue(q.get().id().toString(), d);
                }
                if (errors.isEmpty()) {
                    return Response.seeOther(URI.create("/c/" + code + "/staff/settings?done=queue#queues-heading")).build();
                }
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    return StaffPage.page(404, city, "窓口が見つかりません", "<p>この窓口はありません。</p>");
                }
                collect(e, errors, f -> List.of("code", "name", "tier", "department").contains(f) ? f : "");
            }
        }
        return queuePage(city, q.orElse(null), form, errors, 400);
    }

    private Response queuePage(City city, QueueView q, Map<String, String> values, Errors errors, int status) {
        String title = q == null ? "窓口を追加する" : "窓口「" + q.name() + "」を編集する";
        String action = "/c/" + Html.escape(city.code()) + "/staff/settings/queues/" + (q == null ? "new" : q.id());
        StringBuilder b = new StringBuilder(STYLE).append("<h1>").append(Html.escape(title)).append("</h1>")
                .append(summary(errors)).append("<form method=\"post\" action=\"").append(action).append("\" novalidate>")
                .append(FormToken.hidden(request))
                .append(field("name", "窓口名（100文字以内）", null, "<input type=\"text\" maxlength=\"100\" required",
                        values.getOrDefault("name", ""), errors))
                .append(field("code", "窓口コード（英小文字・数字・ハイフン、40文字以内）",
                        "ルールと案件は窓口そのものを指すので、コードを変えても振り分けは変わりません。",
                        "<input type=\"text\" maxlength=\"40\" required autocapitalize=\"none\" spellcheck=\"false\"",
                        values.getOrDefault("code", ""), errors));
        String tier = values.getOrDefault("tier", "");
        b.append("<fieldset").append(errors.containsKey("tier") ? " class=\"invalid\" aria-describedby=\"tier-error\"" : "")
                .append("><legend>階層</legend>");
        if (errors.containsKey("tier")) {
            b.append("<p class=\"field-error\" id=\"tier-error\">").append(Html.escape(errors.get("tier"))).append("</p>");
        }
        b.append(radio("tier", "2", "第2階層（オペレーター：一次対応）", tier))
                .append(radio("tier", "3", "第3階層（担当課）", tier)).append("</fieldset>")
                .append(field("department", "担当課名（任意、100文字以内）", "案件の「担当課」に表示されます。",
                        "<input type=\"text\" maxlength=\"100\"", values.getOrDefault("department", ""), errors));
        if (q != null && q.isDefault()) {
            b.append("<p>この窓口は既定の窓口です（どのルールにも当てはまらない問い合わせが入ります）。</p>");
        } else {
            boolean checked = "true".equals(values.get("defaultQueue"));
            b.append("<div class=\"field\"><input type=\"checkbox\" id=\"defaultQueue\" name=\"defaultQueue\" value=\"true\"")
                    .append(checked ? " checked" : "").append(" aria-describedby=\"defaultQueue-hint\"> <label for=\"defaultQueue\" ")
                    .append("style=\"display:inline\">既定の窓口にする</label><p class=\"hint\" id=\"defaultQueue-hint\">")
                    .append("どのルールにも当てはまらない問い合わせが入ります。第2階層の窓口だけが既定になれます。</p></div>");
        }
        b.append("<p><button type=\"submit\">保存する</button></p></form>")
                .append("<p><a href=\"/c/").append(Html.escape(city.code())).append("/staff/settings\">設定の一覧へ戻る</a></p>");
        return html(status, city, title, b.toString());
    }

    // ------------------------------------------------------------------ routing rules

    @GET
    @Path("c/{code}/staff/settings/rules/{id}")
    @StaffOnly.CityAdmin
    public Response ruleForm(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        City city = tenant.city();
        Optional<RoutingRule> r = rule(id);
        if (!"new".equals(id) && r.isEmpty()) {
            return ruleNotFound(city);
        }
        Map<String, String> values = new LinkedHashMap<>();
        r.ifPresent(x -> {
            values.put("category", x.category() == null ? "" : x.category());
            values.put("keywords", String.join("\n", x.keywords()));
            values.put("departmentWords", String.join("\n", x.departmentWords()));
            values.put("priority", x.priority() == null ? "" : x.priority().name());
            values.put("queueCode", x.queueCode());
        });
        return rulePage(city, r.orElse(null), values, new Errors(), 200);
    }

    @POST
    @Path("c/{code}/staff/settings/rules/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response saveRule(@PathParam("code") String code, @PathParam("id") String id) throws Exception {
        Map<String, String> form = posted();
        City city = tenant.city();
        Optional<RoutingRule> existing = rule(id);
        if (!"new".equals(id) && existing.isEmpty()) {
            return ruleNotFound(city);
        }
        Errors errors = new Errors();
        Priority priority = null;
        String p = form.getOrDefault("priority", "");
        if (!p.isBlank()) {
            try {
                priority = Priority.valueOf(p);
            } catch (IllegalArgumentException e) {
                errors.put("priority", "優先度の指定が正しくありません");
            }
        }
        RoutingRule r = new RoutingRule(0, form.getOrDefault("category", "").strip(), words(form.get("keywords")),
                words(form.get("departmentWords")), priority, form.getOrDefault("queueCode", "").strip(), null);
        if (!FormToken.valid(request, form.get(FormToken.FIELD))) {
            errors.general(EXPIRED);
        }
        if (errors.isEmpty()) {
            try {
                if (existing.isEmpty()) {
                    cases.addRoutingRule(r);
                } else {
                    cases.updateRoutingRule(id, r);
                }
                return Response.seeOther(URI.create("/c/" + code + "/staff/settings?done=rule#rules-heading")).build();
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    return ruleNotFound(city);
                }
                collect(e, errors, StaffSettingsPages::ruleInput);
            }
        }
        return rulePage(city, existing.orElse(null), form, errors, 400);
    }

    @POST
    @Path("c/{code}/staff/settings/rules/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @StaffOnly.CityAdmin
    public Response ruleAction(@PathParam("code") String code, @PathParam("id") String id,
                               @PathParam("action") String action) throws Exception {
        Map<String, String> form = posted();
        City city = tenant.city();
        Supplier<List<RoutingRule>> work = switch (action) {
            case "up" -> () -> cases.moveRoutingRule(id, true);
            case "down" -> () -> cases.moveRoutingRule(id, false);
            case "delete" -> () -> cases.deleteRoutingRule(id);
            default -> null;
        };
        if (work == null) {
            return StaffPage.page(404, city, "ページが見つかりません", "<p>この操作はありません。</p>");
        }
        if (!FormToken.valid(request, form.get(FormToken.FIELD))) {
            Errors errors = new Errors();
            errors.general(EXPIRED);
            return overviewPage(city, null, null, errors, 400);
        }
        try {
            work.get();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return ruleNotFound(city);
            }
            throw e;
        }
        String anchor = action.equals("delete") ? "#rules-heading" : "#rule-" + id;
        return Response.seeOther(URI.create("/c/" + code + "/staff/settings?done=" + action + anchor)).build();
    }

    private Response rulePage(City city, RoutingRule r, Map<String, String> values, Errors errors, int status) {
        String title = r == null ? "振り分けルールを追加する" : "振り分けルールを編集する";
        String base = "/c/" + Html.escape(city.code()) + "/staff/settings/rules/";
        StringBuilder b = new StringBuilder(STYLE).append("<h1>").append(title).append("</h1>").append(summary(errors))
                .append("<p>入力した条件がすべて当てはまるとき、この窓口に振り分けます。条件を空欄にすると、その条件は問いません。</p>")
                .append("<form method=\"post\" action=\"").append(base).append(r == null ? "new" : r.id().toString())
                .append("\" novalidate>").append(FormToken.hidden(request));
        List<String[]> categories = new ArrayList<>();
        categories.add(new String[] {"", "（問わない）"});
        for (Category c : Category.values()) {
            categories.add(new String[] {c.code(), c.label()});
        }
        b.append(select("category", "分類", "問い合わせフォームや電話の記録で選ばれた分類です。", categories,
                values.getOrDefault("category", ""), errors));
        b.append(field("keywords", "キーワード（1行に1つ、20個まで）",
                "件名・本文にどれか1つでも含まれれば当てはまります。全角・半角、大文字・小文字は区別しません。",
                "<textarea rows=\"4\"", values.getOrDefault("keywords", ""), errors));
        b.append(field("departmentWords", "AIコンシェルジュが提案した担当課の語（1行に1つ、20個まで）",
                "AIコンシェルジュから引き継いだ問い合わせで、提案された担当課名にどれか1つでも含まれれば当てはまります。",
                "<textarea rows=\"3\"", values.getOrDefault("departmentWords", ""), errors));
        List<String[]> priorities = new ArrayList<>();
        priorities.add(new String[] {"", "（引き上げない）"});
        for (Priority p : Priority.values()) {
            if (p != Priority.LOW || p.name().equals(values.get("priority"))) {
                priorities.add(new String[] {p.name(), "「" + p.label() + "」に引き上げる"});
            }
        }
        b.append(select("priority", "優先度", "低い優先度の問い合わせだけを引き上げます。", priorities,
                values.getOrDefault("priority", ""), errors));
        List<String[]> queues = new ArrayList<>();
        queues.add(new String[] {"", "（選んでください）"});
        for (QueueView q : cases.queues()) {
            queues.add(new String[] {q.code(), q.name()});
        }
        b.append(select("queueCode", "振り分け先の窓口", null, queues, values.getOrDefault("queueCode", ""), errors));
        b.append("<p><button type=\"submit\">保存する</button></p></form>");
        if (r != null) {
            b.append("<form method=\"post\" action=\"").append(base).append(r.id()).append("/delete\">")
                    .append(FormToken.hidden(request)).append("<h2>このルールを削除する</h2>")
                    .append("<p>削除すると、この条件の問い合わせは次のルール（なければ既定の窓口）に振り分けられます。</p>")
                    .append("<p><button type=\"submit\">このルールを削除する</button></p></form>");
        }
        b.append("<p><a href=\"/c/").append(Html.escape(city.code())).append("/staff/settings\">設定の一覧へ戻る</a></p>");
        return html(status, city, title, b.toString());
    }

    // ------------------------------------------------------------------ helpers

    private Optional<QueueView> queue(String id) {
        return cases.queues().stream().filter(q -> q.id().toString().equals(id)).findFirst();
    }

    private Optional<RoutingRule> rule(String id) {
        return cases.routingRules().stream().filter(r -> r.id() != null && r.id().toString().equals(id)).findFirst();
    }

    private static Response ruleNotFound(City city) {
        return StaffPage.page(404, city, "ルールが見つかりません", "<p>この振り分けルールはありません。</p>");
    }

    /** The service's field errors on the page's inputs; a message for no known input goes to the summary. */
    static void collect(ProblemException e, Errors errors, java.util.function.Function<String, String> input) {
        if (e.extensions().get("errors") instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    String name = input.apply(String.valueOf(m.get("field")));
                    String message = String.valueOf(m.get("message"));
                    if (name.isEmpty() || errors.containsKey(name)) {
                        errors.general(message + "。");
                    } else {
                        errors.put(name, message);
                    }
                }
            }
        } else {
            errors.general(StaffCasePages.message(e));
        }
    }

    static String slaField(Priority p, String what) {
        return "sla-" + p.name() + "-" + what;
    }

    /** {@code HIGH.responseMinutes} → {@code sla-HIGH-minutes}. */
    static String slaInput(String field) {
        String[] parts = field.split("\\.", 2);
        if (parts.length == 2) {
            try {
                Priority p = Priority.valueOf(parts[0]);
                return switch (parts[1]) {
                    case "responseMinutes" -> slaField(p, "minutes");
                    case "warnBeforeMinutes" -> slaField(p, "warn");
                    default -> "";
                };
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return "";
    }

    /** {@code keywords[3].<list element>} → {@code keywords}. */
    static String ruleInput(String field) {
        for (String f : List.of("category", "keywords", "departmentWords", "priority", "queueCode")) {
            if (field.equals(f) || field.startsWith(f + "[") || field.startsWith(f + ".")) {
                return f;
            }
        }
        return "";
    }

    /** Words typed one per line (読点 and commas also separate them). */
    static List<String> words(String typed) {
        if (typed == null) {
            return List.of();
        }
        return Arrays.stream(typed.split("[\\r\\n、，,]+")).map(String::strip).filter(w -> !w.isEmpty()).toList();
    }

    private static Integer number(Map<String, String> form, String name, String message, Errors errors) {
        String v = form.getOrDefault(name, "").strip();
        if (v.isEmpty()) {
            return null;
        }
        v = java.text.Normalizer.normalize(v, java.text.Normalizer.Form.NFKC);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            errors.put(name, message);
            return null;
        }
    }

    /** A rule as a sentence: 「分類「税金」で、キーワード「虐待」「DV」のどれかを含む → 税務担当（優先度を「緊急」に）」. */
    static String describe(RoutingRule r, Map<String, String> queueNames) {
        List<String> conditions = new ArrayList<>();
        if (r.category() != null && !r.category().isBlank()) {
            conditions.add("分類が「" + Html.escape(Category.labelOf(r.category())) + "」");
        }
        if (!r.keywords().isEmpty()) {
            conditions.add("キーワード" + quoted(r.keywords()) + "のどれかを含む");
        }
        if (!r.departmentWords().isEmpty()) {
            conditions.add("提案された担当課が" + quoted(r.departmentWords()) + "のどれかを含む");
        }
        String when = conditions.isEmpty() ? "すべての問い合わせ" : String.join("、かつ", conditions);
        return when + " → <strong>" + Html.escape(queueNames.getOrDefault(r.queueCode(), r.queueCode())) + "</strong>"
                + (r.priority() == null ? "" : "（優先度を「" + Html.escape(r.priority().label()) + "」に引き上げ）");
    }

    private static String quoted(List<String> words) {
        StringBuilder b = new StringBuilder();
        words.forEach(w -> b.append("「").append(Html.escape(w)).append("」"));
        return b.toString();
    }

    private static String tierLabel(int tier) {
        return tier == 2 ? "第2階層（オペレーター）" : "第3階層（担当課）";
    }

    private static String doneMessage(String done) {
        return switch (done) {
            case "sla" -> "対応期限を保存しました。これから受け付ける案件に適用されます。";
            case "queue" -> "窓口を保存しました。";
            case "rule" -> "振り分けルールを保存しました。";
            case "up", "down" -> "ルールの順番を変えました。";
            case "delete" -> "ルールを削除しました。";
            default -> "保存しました。";
        };
    }

    /** The error summary: each message links to its field. */
    static String summary(Errors errors) {
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\" "
                + "aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">入力内容をご確認ください（")
                .append(errors.size()).append("件）</h2><ul>");
        errors.forEach((f, m) -> {
            b.append("<li>");
            if (f.isEmpty()) {
                b.append(Html.escape(m));
            } else {
                b.append("<a href=\"#").append(Html.escape(f)).append("\">").append(Html.escape(m)).append("</a>");
            }
            b.append("</li>");
        });
        return b.append("</ul></div>").toString();
    }

    /**
     * A labelled field with its hint and error: {@code open} is the start of an {@code <input …} or
     * {@code <textarea …} tag without its end.
     */
    static String field(String name, String label, String hint, String open, String value, Errors errors) {
        StringBuilder b = new StringBuilder(fieldStart(name, label, hint, errors)).append(open).append(attributes(name, hint, errors));
        if (open.startsWith("<textarea")) {
            b.append(">").append(Html.escape(value)).append("</textarea>");
        } else {
            b.append(" value=\"").append(Html.escape(value)).append("\">");
        }
        return b.append("</div>").toString();
    }

    static String select(String name, String label, String hint, List<String[]> options, String selected, Errors errors) {
        StringBuilder b = new StringBuilder(fieldStart(name, label, hint, errors)).append("<select")
                .append(attributes(name, hint, errors)).append(">");
        for (String[] o : options) {
            b.append("<option value=\"").append(Html.escape(o[0])).append("\"").append(o[0].equals(selected) ? " selected" : "")
                    .append(">").append(Html.escape(o[1])).append("</option>");
        }
        return b.append("</select></div>").toString();
    }

    private static String fieldStart(String name, String label, String hint, Errors errors) {
        boolean err = errors.containsKey(name);
        StringBuilder b = new StringBuilder("<div class=\"field").append(err ? " invalid" : "").append("\"><label for=\"")
                .append(name).append("\">").append(Html.escape(label)).append("</label>");
        if (hint != null) {
            b.append("<p class=\"hint\" id=\"").append(name).append("-hint\">").append(Html.escape(hint)).append("</p>");
        }
        if (err) {
            b.append("<p class=\"field-error\" id=\"").append(name).append("-error\">").append(Html.escape(errors.get(name)))
                    .append("</p>");
        }
        return b.toString();
    }

    private static String attributes(String name, String hint, Errors errors) {
        boolean err = errors.containsKey(name);
        String described = (hint != null ? name + "-hint" : "") + (err ? (hint != null ? " " : "") + name + "-error" : "");
        return " id=\"" + name + "\" name=\"" + name + "\""
                + (described.isEmpty() ? "" : " aria-describedby=\"" + described + "\"") + (err ? " aria-invalid=\"true\"" : "");
    }

    private static String radio(String name, String value, String label, String checked) {
        String id = name + "-" + value;
        return "<p><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + value + "\""
                + (value.equals(checked) ? " checked" : "") + "> <label for=\"" + id + "\" style=\"display:inline\">"
                + Html.escape(label) + "</label></p>";
    }

    /** The posted form fields, read through the servlet (the sign-in mechanism may have read the body already). */
    private Map<String, String> posted() {
        Map<String, String> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> form.put(k, v.length == 0 ? "" : v[0]));
        return form;
    }

    private static Response html(int status, City city, String title, String body) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(StaffPage.render(city, title, body)).build();
    }
}
