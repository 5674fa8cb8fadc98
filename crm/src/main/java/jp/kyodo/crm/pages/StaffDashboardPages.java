package jp.kyodo.crm.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.cases.CaseDashboard;
import jp.kyodo.crm.cases.Dashboard;
import jp.kyodo.crm.cases.FaqProposal;
import jp.kyodo.crm.cases.FaqProposals;
import jp.kyodo.crm.cases.QueueView;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The contact centre's dashboard (counts, and the open cases per queue as a server-rendered bar chart with the same
 * numbers as a table) and the FAQ improvement proposals (approve or reject, staff and city administrators), for the
 * staff of the page's city. Templates {@code crm/src/main/jte/dashboard}, words {@code dashboard.*} and
 * {@code proposals.*} of the crm bundle in six languages.
 */
@Path("")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffDashboardPages {

    /** The chart's geometry (SVG user units): label above each bar, the longest bar this wide. */
    static final int CHART_WIDTH = 360;
    static final int BAR_MAX = 300;
    static final int STEP = 44;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The proposals' sections, by message key. */
    static final Map<FaqProposal.Status, String> STATUS = Map.of(FaqProposal.Status.PENDING, "proposals.pending",
            FaqProposal.Status.APPROVED, "proposals.approved", FaqProposal.Status.REJECTED, "proposals.rejected");
    static final int NOTE_MAX = 1000;

    @Inject
    TenantContext tenant;
    @Inject
    CaseDashboard caseDashboard;
    @Inject
    FaqProposals faqProposals;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    /** One bar of the chart: the queue, its open cases and where the bar goes. */
    public record Bar(String name, long value, long width, int y) {
    }

    /** A proposal as the page shows it; {@code decide} when the viewer may approve or reject it. */
    public record Proposal(FaqProposal p, String proposedAt, String decidedAt, boolean decide) {
    }

    @GET
    @Path("c/{code}/staff/dashboard")
    public Response dashboard(@PathParam("code") String code) {
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        Dashboard d = caseDashboard.dashboard();
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("d", d);
        p.put("bars", bars(d.queues()));
        p.put("median", d.medianFirstResponseMinutes() == null ? null
                : StaffSettingsPages.minutes(t, (int) Math.round(d.medianFirstResponseMinutes())));
        p.put("step", STEP);
        p.put("width", CHART_WIDTH);
        return StaffPage.html(200, StaffPage.page(city, t, t.plain("dashboard.title"), "dashboard",
                CrmPages.TEMPLATES.content("dashboard/dashboard.jte", p)));
    }

    /** Each queue's bar: the longest is {@link #BAR_MAX} wide, a queue with open cases at least 2. */
    static List<Bar> bars(List<QueueView> queues) {
        long max = Math.max(1, queues.stream().mapToLong(QueueView::open).max().orElse(1));
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            QueueView q = queues.get(i);
            long w = q.open() * BAR_MAX / max;
            out.add(new Bar(q.name(), q.open(), q.open() > 0 ? Math.max(2, w) : 0, i * STEP));
        }
        return out;
    }

    @GET
    @Path("c/{code}/staff/faq-proposals")
    public Response proposals(@PathParam("code") String code, @QueryParam("done") String done) {
        Text t = language.text(CrmPages.MESSAGES);
        String doneKey = "approve".equals(done) ? "proposals.done.approve" : "reject".equals(done) ? "proposals.done.reject" : null;
        return proposalsPage(t, tenant.city(), FormState.empty(), doneKey, null, 200);
    }

    @POST
    @Path("c/{code}/staff/faq-proposals/{id}/{decision}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("code") String code, @PathParam("id") String id,
                           @PathParam("decision") String decision) {
        Text t = language.text(CrmPages.MESSAGES);
        City city = tenant.city();
        if (!decision.equals("approve") && !decision.equals("reject")) {
            throw new NotFoundException();
        }
        String note = request.getParameter("note") == null ? "" : request.getParameter("note").strip();
        String field = "note-" + id;
        FormState form = FormState.empty().value(field, note);
        if (!mayDecide()) {
            return proposalsPage(t, city, form, null, t.t("proposals.notAllowed"), 403);
        }
        if (!FormToken.valid(request, request.getParameter(FormToken.FIELD))) {
            form.error(field, t.t("proposals.expired"));
        } else if (note.length() > NOTE_MAX) {
            form.error(field, t.t("proposals.note.long", NOTE_MAX));
        } else if (note.indexOf('\u0000') >= 0) {
            // PostgreSQL cannot store a NUL in text: refused here, not as a failure of the database
            form.error(field, t.t("proposals.note.nul"));
        }
        if (!form.hasErrors()) {
            try {
                faqProposals.decideFaq(id, decision.equals("approve"), note);
                return Response.seeOther(URI.create("/c/" + city.code() + "/staff/faq-proposals?done=" + decision)).build();
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    throw new NotFoundException();
                }
                if (e.status() != 409 && e.status() != 400) {
                    throw e;
                }
                Content refusal = e.status() == 409 ? t.t("proposals.decided")
                        : Ui.japanese(e.detail() == null ? e.titleJa() : e.detail().replaceFirst(" / .*$", ""));
                return proposalsPage(t, city, form, null, refusal, e.status());
            }
        }
        return proposalsPage(t, city, form, null, null, 400);
    }

    private boolean mayDecide() {
        return SignedIn.hasRole(request, "staff") || SignedIn.hasRole(request, StaffSettingsPages.ADMIN);
    }

    private Response proposalsPage(Text t, City city, FormState form, String doneKey, Content refusal, int status) {
        boolean decide = mayDecide();
        Map<FaqProposal.Status, List<Proposal>> sections = new java.util.LinkedHashMap<>();
        for (FaqProposal.Status s : FaqProposal.Status.values()) {
            sections.put(s, faqProposals.faqProposals(s).stream().map(x -> new Proposal(x, time(x.proposedAt()), time(x.decidedAt()),
                    decide && s == FaqProposal.Status.PENDING)).toList());
        }
        Map<String, Object> p = StaffSettingsPages.formPage(t, form, request, "/c/" + city.code() + "/staff/");
        p.put("sections", sections);
        p.put("statusKeys", STATUS);
        p.put("doneKey", doneKey);
        p.put("refusal", refusal);
        p.put("noteMax", NOTE_MAX);
        return StaffPage.html(status, StaffPage.page(city, t, t.plain("proposals.title"), "proposals",
                CrmPages.TEMPLATES.content("dashboard/proposals.jte", p)));
    }

    static String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(ReceptionNumbers.JAPAN));
    }
}
