package jp.kyodo.portal.programmes;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jp.kyodo.agents.lifeevents.BundleCatalogue;
import jp.kyodo.portal.lifeevents.BundleLink;
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
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.portal.profile.CitizenPage;
import jp.kyodo.portal.profile.SignedInCitizen;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;

/**
 * {@code /c/<code>/me/programmes}: every programme the city offers, evaluated for the citizen's household: likely
 * eligible, not eligible, more information needed (with a link to the field to fill), or 判定できません when a rule
 * fails (the page never breaks). {@code /c/<code>/life-events[/<event>]}: the procedures of a life event in order with
 * their documents, open to everybody, and marked for the household when the citizen is signed in. Templates
 * {@code pages/programmes.jte}, {@code pages/lifeEvents.jte}, {@code pages/lifeEvent.jte} and
 * {@code pages/evaluation.jte}; the registry's own texts (names, conditions, documents) are Japanese and marked so.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ProgrammePages {

    private static final Logger LOG = Logger.getLogger(ProgrammePages.class.getName());

    /** The guides offered, in the order shown, with the message key of a citizen's words for each event. */
    static final Map<LifeEvent, String> EVENT_TITLES = new java.util.LinkedHashMap<>();

    static {
        EVENT_TITLES.put(LifeEvent.PREGNANCY, "lifeEvents.event.pregnancy");
        EVENT_TITLES.put(LifeEvent.BIRTH_AND_CHILDREN, "lifeEvents.event.birth");
        EVENT_TITLES.put(LifeEvent.MOVING, "lifeEvents.event.moving");
        EVENT_TITLES.put(LifeEvent.MARRIAGE_DIVORCE, "lifeEvents.event.marriage");
        EVENT_TITLES.put(LifeEvent.LONG_TERM_CARE, "lifeEvents.event.care");
        EVENT_TITLES.put(LifeEvent.DISABILITY, "lifeEvents.event.disability");
        EVENT_TITLES.put(LifeEvent.DEATH_INHERITANCE, "lifeEvents.event.death");
    }

    /** One programme on a page: its evaluation (null when not evaluated) and the programme (null when unknown). */
    public record Row(ProgrammeEvaluation evaluation, Programme programme) {
    }

    /** One life event in the list. */
    public record Event(String slug, String titleKey) {
    }

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    CityProgrammes programmes;
    @Inject
    BundleCatalogue catalogue;
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
        Text t = language.text(PortalPages.MESSAGES);
        Map<String, Object> params = params(t, city);
        Optional<CitizenRecord> record = records.mine();
        String state;
        LocalDate today = CitizenRecords.today();
        List<Row> rows = new ArrayList<>();
        if (record.isEmpty()) {
            state = "noProfile";
        } else if (!record.get().consented(ConsentPurpose.PROGRAMME_GUIDANCE)) {
            state = "noConsent";
        } else {
            state = "results";
            List<Programme> offered = programmes.offered(today).stream().filter(p -> p.rule() != null).toList();
            Household household = EligibilityHousehold.of(record.get(), city, incomeBases(offered));
            EligibilityEngine engine = programmes.engine();
            List<ProgrammeEvaluation> results = new ArrayList<>();
            for (Programme p : offered) {
                results.add(evaluate(engine, p, household, today));
            }
            results.sort(Comparator.comparingInt((ProgrammeEvaluation e) -> rank(e.status()))
                    .thenComparing(ProgrammeEvaluation::programmeName));
            for (ProgrammeEvaluation e : results) {
                rows.add(new Row(e, offered.stream().filter(p -> p.id().equals(e.programmeId())).findFirst().orElse(null)));
            }
        }
        params.put("state", state);
        params.put("asOf", day(t, today));
        params.put("rows", rows);
        params.put("consentPurpose", ConsentPurpose.PROGRAMME_GUIDANCE.code());
        params.put("request", request);
        return page(t, city, t.plain("programmes.title"), "pages/programmes.jte", params);
    }

    @GET
    @Path("c/{code}/life-events")
    public Response events(@PathParam("code") String code) {
        City city = tenant.city();
        Text t = language.text(PortalPages.MESSAGES);
        Map<String, Object> params = params(t, city);
        params.put("events", EVENT_TITLES.entrySet().stream().map(e -> new Event(slug(e.getKey()), e.getValue())).toList());
        return page(t, city, t.plain("lifeEvents.title"), "pages/lifeEvents.jte", params);
    }

    @GET
    @Path("c/{code}/life-events/{event}")
    public Response event(@PathParam("code") String code, @PathParam("event") String slug) {
        City city = tenant.city();
        LifeEvent event = EVENT_TITLES.keySet().stream().filter(e -> slug(e).equals(slug)).findFirst()
                .orElseThrow(NotFoundException::new);
        Text t = language.text(PortalPages.MESSAGES);
        LocalDate today = CitizenRecords.today();
        Optional<CitizenRecord> record = (SignedInCitizen.isIn(security, request, city) ? records.mine()
                : Optional.<CitizenRecord>empty()).filter(r -> r.consented(ConsentPurpose.PROGRAMME_GUIDANCE));
        EligibilityEngine engine = programmes.engine();
        Set<String> offeredIds = new LinkedHashSet<>();
        programmes.offered(today).forEach(p -> offeredIds.add(p.id()));
        List<Programme> steps = engine.registry().forLifeEvent(event).stream().filter(p -> offeredIds.contains(p.id())).toList();
        Household household = record.map(r -> EligibilityHousehold.of(r, city, incomeBases(steps))).orElse(null);
        List<Row> rows = steps.stream().map(p -> new Row(household == null || p.rule() == null ? null
                : evaluate(engine, p, household, today), p)).toList();
        Map<String, Object> params = params(t, city);
        params.put("titleKey", EVENT_TITLES.get(event));
        boolean en = "en".equals(t.tag());
        params.put("bundles", catalogue.all().stream().filter(b -> event.label().equals(b.lifeEvent()))
                .map(b -> BundleLink.of(b, en)).toList());
        params.put("marked", household != null);
        params.put("rows", rows);
        return page(t, city, t.plain(EVENT_TITLES.get(event)), "pages/lifeEvent.jte", params);
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

    /** Where a missing input is filled in (labels from the engine). */
    public static String fieldFor(String missing) {
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

    /** The message key of an evaluation's status. */
    public static String statusKey(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> "programmes.status.eligible";
            case NOT_ELIGIBLE -> "programmes.status.notEligible";
            case UNKNOWN -> "programmes.status.unknown";
            case ERROR -> "programmes.status.error";
        };
    }

    /** The status tag's kind in the design system. */
    public static String statusTag(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> "success";
            case NOT_ELIGIBLE -> "info";
            case UNKNOWN -> "warning";
            case ERROR -> "error";
        };
    }

    /** The monthly amount as the page says it, or empty for none. */
    public static Optional<String> amountText(Text t, MonthlyAmount a) {
        if (a == null || a.max() <= 0) {
            return Optional.empty();
        }
        return Optional.of(a.isRange() ? t.plain("programmes.amount.range", yen(a.min()), yen(a.max()))
                : t.plain("programmes.amount.exact", yen(a.max())));
    }

    /** The message key of a way to apply. */
    public static String channelKey(Programme.ChannelType type) {
        return switch (type) {
            case ONLINE -> "programmes.channel.online";
            case COUNTER -> "programmes.channel.counter";
            case POST -> "programmes.channel.post";
            case PHONE -> "programmes.channel.phone";
        };
    }

    /** A channel's address when it is a web address (anything else is not made a link). */
    public static String webAddress(Programme.Channel ch) {
        String url = ch.url() == null ? "" : ch.url();
        return url.startsWith("https://") || url.startsWith("http://") ? url : null;
    }

    static String slug(LifeEvent e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String yen(long amount) {
        return String.format(Locale.ROOT, "%,d", amount);
    }

    /** A day as the page's language writes it: 2026年12月4日 in Japanese, 2026-12-04 otherwise. */
    private static String day(Text t, LocalDate d) {
        return t.tag().startsWith("ja") ? d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日" : d.toString();
    }

    private static int rank(EligibilityStatus s) {
        return switch (s) {
            case ELIGIBLE -> 0;
            case UNKNOWN -> 1;
            case ERROR -> 2;
            case NOT_ELIGIBLE -> 3;
        };
    }

    private static Map<String, Object> params(Text t, City city) {
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("cityName", city.name());
        params.put("japanese", t.tag().startsWith("ja"));
        return params;
    }

    private Response page(Text t, City city, String title, String template, Map<String, Object> params) {
        return Response.ok(PageShell.page(t.tag(), title + " — " + city.name(), city,
                PortalPages.TEMPLATES.content(template, params), null)).build();
    }
}
