package jp.kyodo.portal.programmes;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.programmes.CityProgrammes;
import jp.kyodo.agents.programmes.EligibilityEngine;
import jp.kyodo.agents.programmes.EligibilityRule;
import jp.kyodo.agents.programmes.EligibilityStatus;
import jp.kyodo.agents.programmes.Household;
import jp.kyodo.agents.programmes.LifeEvent;
import jp.kyodo.agents.programmes.MonthlyAmount;
import jp.kyodo.agents.programmes.ProcedureStep;
import jp.kyodo.agents.programmes.Programme;
import jp.kyodo.agents.programmes.ProgrammeEvaluation;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.ConsentPurpose;
import jp.kyodo.crm.citizens.EligibilityHousehold;
import jp.kyodo.portal.profile.CitizenPage;
import jp.kyodo.portal.profile.CitizenText;
import jp.kyodo.portal.profile.SignedInCitizen;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;

/**
 * {@code /c/<code>/me/programmes}: every programme the city offers, evaluated for the citizen's household: likely
 * eligible, not eligible, more information needed (with a link to the field to fill), or 判定できません when a rule
 * fails (the page never breaks). {@code /c/<code>/life-events[/<event>]}: the procedures of a life event in order with
 * their documents, open to everybody, and marked for the household when the citizen is signed in.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ProgrammePages {

    private static final Logger LOG = Logger.getLogger(ProgrammePages.class.getName());

    /** The guides offered, in the order shown, with a citizen's words for each event. */
    static final Map<LifeEvent, String> EVENT_TITLES = new java.util.LinkedHashMap<>();

    static {
        EVENT_TITLES.put(LifeEvent.PREGNANCY, "妊娠した");
        EVENT_TITLES.put(LifeEvent.BIRTH_AND_CHILDREN, "子どもが生まれた");
        EVENT_TITLES.put(LifeEvent.MOVING, "引っ越す");
        EVENT_TITLES.put(LifeEvent.MARRIAGE_DIVORCE, "結婚・離婚した");
        EVENT_TITLES.put(LifeEvent.LONG_TERM_CARE, "介護が必要になった");
        EVENT_TITLES.put(LifeEvent.DISABILITY, "障害があるとわかった");
        EVENT_TITLES.put(LifeEvent.DEATH_INHERITANCE, "家族が亡くなった");
    }

    /** The same events in English. */
    static final Map<LifeEvent, String> EVENT_TITLES_EN = Map.of(
            LifeEvent.PREGNANCY, "You are pregnant",
            LifeEvent.BIRTH_AND_CHILDREN, "A child was born",
            LifeEvent.MOVING, "You are moving",
            LifeEvent.MARRIAGE_DIVORCE, "You married or divorced",
            LifeEvent.LONG_TERM_CARE, "Someone needs long-term care",
            LifeEvent.DISABILITY, "A disability was found",
            LifeEvent.DEATH_INHERITANCE, "A family member died");

    static final String STYLE = "<style>.programme{border:1px solid #ccc;padding:0 1rem;margin:1rem 0}"
            + ".badge{display:inline-block;padding:.1rem .5rem;border:2px solid;font-weight:700}"
            + ".ELIGIBLE{color:#075e2d}.NOT_ELIGIBLE{color:#444}.UNKNOWN{color:#7a4a00}.ERROR{color:#b00}"
            + ".amount{font-size:1.2rem;font-weight:700}ol.steps>li{margin-bottom:1rem}</style>";

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    CityProgrammes programmes;
    @Inject
    CitizenRecords records;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    @CitizenPage
    @Path("c/{code}/me/programmes")
    public Response mine(@PathParam("code") String code) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        String title = l.pick("受けられそうな制度", "Programmes for you");
        StringBuilder b = new StringBuilder("<h1>").append(l.pick("受けられそうな制度・手当", "Programmes and allowances for you"))
                .append("</h1>");
        Optional<CitizenRecord> record = records.mine();
        if (record.isEmpty()) {
            b.append(en ? "<p><a href=\"" + c + "/me/profile/edit\">Fill in your profile</a> and your household, and we look up the "
                    + "programmes of " + Html.escape(city.name()) + " you may be able to receive.</p>"
                    : "<p>ご本人と世帯の<a href=\"" + c + "/me/profile/edit\">登録情報を入力</a>すると、" + Html.escape(city.name())
                    + "で受けられそうな制度をお調べします。</p>");
            return page(city, title, b.append(back(c, en)).toString());
        }
        if (!record.get().consented(ConsentPurpose.PROGRAMME_GUIDANCE)) {
            b.append("<p>").append(l.pick("受けられそうな制度をお調べするには、次のことへの同意が必要です。",
                            "To look up the programmes for you, we need your consent to the following.")).append("</p><p><strong>")
                    .append(Html.escape(CitizenText.purposeLabel(ConsentPurpose.PROGRAMME_GUIDANCE.code(),
                            ConsentPurpose.PROGRAMME_GUIDANCE.label(), en))).append("</strong></p>")
                    .append("<form method=\"post\" action=\"").append(c).append("/me/consents\">").append(FormToken.hidden())
                    .append("<input type=\"hidden\" name=\"purpose\" value=\"").append(ConsentPurpose.PROGRAMME_GUIDANCE.code())
                    .append("\"><input type=\"hidden\" name=\"return\" value=\"programmes\">")
                    .append("<button type=\"submit\" name=\"given\" value=\"true\">").append(l.pick("同意する", "I consent"))
                    .append("</button></form>")
                    .append(en ? "<p>You can <a href=\"" + c + "/me/consents\">withdraw</a> your consent at any time.</p>"
                            : "<p>同意はいつでも<a href=\"" + c + "/me/consents\">撤回</a>できます。</p>");
            return page(city, title, b.append(back(c, en)).toString());
        }
        LocalDate today = CitizenRecords.today();
        List<Programme> offered = programmes.offered(today).stream().filter(p -> p.rule() != null).toList();
        Household household = EligibilityHousehold.of(record.get(), city, incomeBases(offered));
        EligibilityEngine engine = programmes.engine();
        List<ProgrammeEvaluation> results = new ArrayList<>();
        for (Programme p : offered) {
            results.add(evaluate(engine, p, household, today));
        }
        results.sort(Comparator.comparingInt((ProgrammeEvaluation e) -> rank(e.status()))
                .thenComparing(ProgrammeEvaluation::programmeName));
        if (en) {
            b.append("<p>An estimate from your profile as of ").append(today).append(". Whether you can actually receive a ")
                    .append("programme is decided by ").append(Html.escape(city.name())).append(" after you apply.</p>")
                    .append("<p>When you update <a href=\"").append(c).append("/me/household\">your household</a> or <a href=\"")
                    .append(c).append("/me/profile\">your profile</a>, the results change too.</p>")
                    .append("<p>Programme names and descriptions come from the city and are in Japanese.</p>");
        } else {
            b.append("<p>").append(Html.escape(CitizenRecords.today().getYear() + "年" + today.getMonthValue() + "月" + today.getDayOfMonth()
                            + "日"))
                    .append("時点の登録情報をもとにした目安です。実際に受けられるかどうかは、申請のあとに")
                    .append(Html.escape(city.name())).append("が決定します。</p>");
            b.append("<p><a href=\"").append(c).append("/me/household\">世帯の情報</a>・<a href=\"").append(c)
                    .append("/me/profile\">登録情報</a>を更新すると、結果も変わります。</p>");
        }
        for (ProgrammeEvaluation e : results) {
            b.append(evaluationHtml(c, e, offered.stream().filter(p -> p.id().equals(e.programmeId())).findFirst().orElse(null), en));
        }
        return page(city, title, b.append(back(c, en)).toString());
    }

    @GET
    @Path("c/{code}/life-events")
    public Response events(@PathParam("code") String code) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        StringBuilder b = new StringBuilder(en ? "<h1>Find procedures by life event</h1><p>The notifications to make and the "
                + "allowances to receive in " + Html.escape(city.name()) + ", in order.</p><ul>"
                : "<h1>くらしの出来事から手続きを探す</h1><p>" + Html.escape(city.name())
                + "で必要な届出や、受けられる手当を、順番にご案内します。</p><ul>");
        EVENT_TITLES.forEach((e, title) -> b.append("<li><a href=\"").append(c).append("/life-events/").append(slug(e))
                .append("\">").append(en ? Html.escape(EVENT_TITLES_EN.get(e)) : "「" + Html.escape(title) + "」").append("</a></li>"));
        b.append("</ul><p><a href=\"").append(c).append("/\">").append(l.pick("ポータルのトップへ戻る", "Back to the portal's home"))
                .append("</a></p>");
        return page(city, l.pick("くらしの出来事", "Life events"), b.toString());
    }

    @GET
    @Path("c/{code}/life-events/{event}")
    public Response event(@PathParam("code") String code, @PathParam("event") String slug) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        LifeEvent event = EVENT_TITLES.keySet().stream().filter(e -> slug(e).equals(slug)).findFirst().orElse(null);
        if (event == null) {
            return Response.status(404).entity(PageShell.renderTranslated(l.lang(), l.pick("見つかりません — ", "Not found — ")
                    + city.name(), city, l.pick("<h1>ページが見つかりません</h1>", "<h1>Page not found</h1>") + "<p><a href=\"" + c
                    + "/life-events\">" + l.pick("くらしの出来事の一覧へ", "All life events") + "</a></p>")).build();
        }
        LocalDate today = CitizenRecords.today();
        Optional<CitizenRecord> record = (SignedInCitizen.isIn(security, request, city) ? records.mine()
                : Optional.<CitizenRecord>empty()).filter(r -> r.consented(ConsentPurpose.PROGRAMME_GUIDANCE));
        EligibilityEngine engine = programmes.engine();
        Set<String> offeredIds = new LinkedHashSet<>();
        programmes.offered(today).forEach(p -> offeredIds.add(p.id()));
        List<Programme> steps = engine.registry().forLifeEvent(event).stream().filter(p -> offeredIds.contains(p.id())).toList();
        Household household = record.map(r -> EligibilityHousehold.of(r, city, incomeBases(steps))).orElse(null);
        StringBuilder b = new StringBuilder(en ? "<h1>Procedures: " + Html.escape(EVENT_TITLES_EN.get(event)) + "</h1>"
                : "<h1>「" + Html.escape(EVENT_TITLES.get(event)) + "」ときの手続き</h1>");
        if (household != null) {
            b.append("<p>").append(l.pick("登録されている世帯の情報から、当てはまりそうなものに印をつけています。",
                    "What probably applies to your registered household is marked.")).append("</p>");
        } else {
            b.append(en ? "<p>Go through the procedures from the top. <a href=\"" + c + "/login\">Sign in</a> and what applies "
                    + "to your household is marked.</p>" : "<p>上から順番に手続きしてください。<a href=\"" + c
                    + "/login\">サインイン</a>すると、あなたの世帯に当てはまるものに印がつきます。</p>");
        }
        if (en && !steps.isEmpty()) {
            b.append("<p>The procedures' names and descriptions come from the city and are in Japanese.</p>");
        }
        b.append("<ol class=\"steps\">");
        for (Programme p : steps) {
            ProgrammeEvaluation e = household == null || p.rule() == null ? null : evaluate(engine, p, household, today);
            b.append("<li><h2").append(en ? " lang=\"ja\"" : "").append(">").append(Html.escape(p.name())).append("</h2>");
            if (e != null) {
                b.append("<p><span class=\"badge ").append(e.status().name()).append("\">").append(statusText(e.status(), en))
                        .append("</span>").append(amountText(e.amount(), en).map(a -> " " + a).orElse("")).append("</p>");
            }
            if (p.summary() != null) {
                b.append("<p>").append(Html.escape(p.summary())).append("</p>");
            }
            if (p.deadline() != null) {
                b.append("<p><strong>").append(l.pick("期限：", "Deadline: ")).append("</strong>").append(Html.escape(p.deadline()))
                        .append("</p>");
            }
            b.append(documents(p.requiredDocuments(), en)).append(channels(p.channels(), en)).append("</li>");
        }
        b.append("</ol>");
        if (steps.isEmpty()) {
            b.append("<p>").append(l.pick(Html.escape(city.name()) + "では、この出来事の案内はまだ登録されていません。",
                    Html.escape(city.name()) + " has not registered a guide for this event yet.")).append("</p>");
        }
        b.append("<p><a href=\"").append(c).append("/life-events\">").append(l.pick("くらしの出来事の一覧へ", "All life events"))
                .append("</a></p>");
        return page(city, en ? EVENT_TITLES_EN.get(event) : EVENT_TITLES.get(event), b.toString());
    }

    /** One programme's evaluation; a rule that throws is shown as 判定できません, never as a broken page. */
    static ProgrammeEvaluation evaluate(EligibilityEngine engine, Programme p, Household h, LocalDate asOf) {
        try {
            return engine.evaluate(p, h, asOf);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "programme " + p.id() + " could not be evaluated: " + ex, ex);
            return new ProgrammeEvaluation(p.id(), p.name(), asOf, EligibilityStatus.ERROR, null, List.of(), List.of(),
                    ex.toString(), p.deadline(), p.channels(), p.requiredDocuments());
        }
    }

    static Set<String> incomeBases(List<Programme> list) {
        Set<String> s = new LinkedHashSet<>();
        list.stream().map(Programme::rule).filter(Objects::nonNull).map(EligibilityRule::incomeBasis)
                .filter(Objects::nonNull).forEach(s::add);
        return s;
    }

    static String evaluationHtml(String c, ProgrammeEvaluation e, Programme p) {
        return evaluationHtml(c, e, p, false);
    }

    /** One programme's evaluation; the programme's own texts (names, conditions, documents) stay as the registry has them. */
    static String evaluationHtml(String c, ProgrammeEvaluation e, Programme p, boolean en) {
        StringBuilder b = new StringBuilder("<section class=\"programme\" aria-labelledby=\"p-").append(Html.escape(e.programmeId()))
                .append("\"><h2 id=\"p-").append(Html.escape(e.programmeId())).append("\"").append(en ? " lang=\"ja\"" : "")
                .append(">").append(Html.escape(e.programmeName()))
                .append("</h2><p><span class=\"badge ").append(e.status().name()).append("\">").append(statusText(e.status(), en))
                .append("</span></p>");
        amountText(e.amount(), en).ifPresent(a -> b.append("<p class=\"amount\">").append(a).append("</p>"));
        if (p != null && p.summary() != null) {
            b.append("<p>").append(Html.escape(p.summary())).append("</p>");
        }
        if (e.status() == EligibilityStatus.ERROR) {
            b.append(en ? "<p>This programme cannot be checked automatically at the moment. Please ask at the city's counter.</p>"
                    : "<p>この制度は、いまは自動で判定できません。くわしくは窓口にお問い合わせください。</p>");
        }
        if (!e.matchedLabels().isEmpty()) {
            b.append(en ? "<h3>Conditions you meet</h3><ul>" : "<h3>当てはまった条件</h3><ul>");
            e.matchedLabels().forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>"));
            b.append("</ul>");
        }
        if (e.status() == EligibilityStatus.NOT_ELIGIBLE && !e.unmatchedLabels().isEmpty()) {
            b.append(en ? "<h3>Conditions you do not meet</h3><ul>" : "<h3>当てはまらなかった条件</h3><ul>");
            e.unmatchedLabels().forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>"));
            b.append("</ul>");
        }
        if (!e.missingInputs().isEmpty()) {
            b.append(en ? "<h3>Information needed to decide</h3><ul>" : "<h3>判定に必要な情報</h3><ul>");
            for (String m : e.missingInputs()) {
                b.append("<li>").append(Html.escape(m)).append(en ? ": " : "：").append("<a href=\"").append(c).append(fieldFor(m))
                        .append("\">").append(en ? "Enter it" : "入力する").append("</a></li>");
            }
            b.append("</ul>");
        }
        if (e.deadline() != null) {
            b.append("<p><strong>").append(en ? "Deadline to apply: " : "申請の期限：").append("</strong>")
                    .append(Html.escape(e.deadline())).append("</p>");
        }
        if (e.status() != EligibilityStatus.NOT_ELIGIBLE) {
            b.append(channels(e.channels(), en)).append(documents(e.requiredDocuments(), en));
        }
        return b.append("</section>").toString();
    }

    /** Where a missing input is filled in (labels from the engine). */
    static String fieldFor(String missing) {
        if (missing.contains("所得")) {
            return "/me/profile/edit#incomeAfterDeductions";
        }
        if (missing.contains("都道府県") || missing.contains("市区町村")) {
            return "/me/profile/edit#prefecture";
        }
        if (missing.contains("世帯員") || missing.contains("誕生") || missing.contains("年齢") || missing.contains("学年")) {
            return "/me/household";
        }
        return "/me/profile/edit";
    }

    static String statusText(EligibilityStatus s) {
        return statusText(s, false);
    }

    static String statusText(EligibilityStatus s, boolean en) {
        if (en) {
            return switch (s) {
                case ELIGIBLE -> "You are likely eligible";
                case NOT_ELIGIBLE -> "You are likely not eligible";
                case UNKNOWN -> "Not enough information to decide";
                case ERROR -> "Cannot be decided";
            };
        }
        return switch (s) {
            case ELIGIBLE -> "対象になる見込みです";
            case NOT_ELIGIBLE -> "対象外の見込みです";
            case UNKNOWN -> "情報が足りないため判定できません";
            case ERROR -> "判定できません";
        };
    }

    static Optional<String> amountText(MonthlyAmount a) {
        return amountText(a, false);
    }

    static Optional<String> amountText(MonthlyAmount a, boolean en) {
        if (a == null || a.max() <= 0) {
            return Optional.empty();
        }
        if (en) {
            return Optional.of(a.isRange() ? String.format(Locale.ROOT, "¥%,d to ¥%,d a month (estimate)", a.min(), a.max())
                    : String.format(Locale.ROOT, "¥%,d a month (estimate)", a.max()));
        }
        return Optional.of(a.isRange() ? String.format(Locale.ROOT, "月額 %,d円〜%,d円（目安）", a.min(), a.max())
                : String.format(Locale.ROOT, "月額 %,d円（目安）", a.max()));
    }

    static String documents(List<Programme.Evidence> docs) {
        return documents(docs, false);
    }

    static String documents(List<Programme.Evidence> docs, boolean en) {
        if (docs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(en ? "<h3>Documents needed</h3><ul>" : "<h3>必要な書類</h3><ul>");
        for (Programme.Evidence d : docs) {
            b.append("<li>").append(Html.escape(d.name()));
            if (d.description() != null) {
                b.append("（").append(d.conditional() ? (en ? "if needed: " : "必要な場合：") : "").append(Html.escape(d.description()))
                        .append("）");
            }
            b.append("</li>");
        }
        return b.append("</ul>").toString();
    }

    static String channels(List<Programme.Channel> channels) {
        return channels(channels, false);
    }

    static String channels(List<Programme.Channel> channels, boolean en) {
        if (channels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(en ? "<h3>How to apply or notify</h3><ul>" : "<h3>申請・届出の方法</h3><ul>");
        for (Programme.Channel ch : channels) {
            String type = en ? switch (ch.type()) {
                case ONLINE -> "Online";
                case COUNTER -> "At the counter";
                case POST -> "By post";
                case PHONE -> "By phone";
            } : switch (ch.type()) {
                case ONLINE -> "オンライン";
                case COUNTER -> "窓口";
                case POST -> "郵送";
                case PHONE -> "電話";
            };
            b.append("<li>").append(type).append(en ? ": " : "：").append(Html.escape(ch.description() == null ? "" : ch.description()));
            String url = ch.url() == null ? "" : ch.url();
            if (url.startsWith("https://") || url.startsWith("http://")) {
                b.append(" <a href=\"").append(Html.escape(url)).append("\">").append(Html.escape(url)).append("</a>");
            }
            b.append("</li>");
        }
        return b.append("</ul>").toString();
    }

    static String slug(LifeEvent e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int rank(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> 0;
            case UNKNOWN -> 1;
            case ERROR -> 2;
            case NOT_ELIGIBLE -> 3;
        };
    }

    private static String back(String c, boolean en) {
        return "<p><a href=\"" + c + "/me\">" + (en ? "Back to My page" : "マイページへ戻る") + "</a></p>";
    }

    private Response page(City city, String title, String html) {
        return Response.ok(PageShell.renderTranslated(language.lang(), title + " — " + city.name(), city, STYLE + html)).build();
    }

}
