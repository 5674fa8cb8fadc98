package jp.kyodo.crm.pages;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.agents.lifeevents.BundleOperators;
import jp.kyodo.agents.lifeevents.BundleView;
import jp.kyodo.agents.lifeevents.OperatorView;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The operator view of a life-event bundle that became a case (issue 13, item 8), reached from the case page: where the
 * bundle stands, the answers (each marked when an operator recorded it), the open question with a form to record the
 * person's answer on their behalf, and the plan's steps. No form prepares, confirms, submits or signs: that stays the
 * person's. Staff of this city only ({@link StaffOnly}); another city's bundle, or one that is no case, is 404.
 */
@Path("c/{code}/staff/life-events")
@StaffOnly
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffBundlePages {

    @Inject
    TenantContext tenant;
    @Inject
    BundleOperators operators;
    @Context
    HttpServletRequest request;

    /** The open question as the form shows it: radios for a choice or yes/no, else one input of its type. */
    public record Question(String id, String label, String type, List<Ui.Option> options) {
    }

    /** A step of the plan: its name, the message key of its state, whether a draft was prepared for it. */
    public record StepLine(String name, String stateKey, boolean drafted) {
    }

    @GET
    public Response byCase(@PathParam("code") String code, @QueryParam("case") String reception) {
        City city = tenant.city();
        OperatorView v;
        try {
            v = operators.byCase(reception);
        } catch (ProblemException e) {
            return refused(city, e);
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/staff/life-events/" + v.id())).build();
    }

    @GET
    @Path("{id}")
    public Response view(@PathParam("code") String code, @PathParam("id") String id, @QueryParam("done") String done) {
        City city = tenant.city();
        try {
            return page(city, operators.get(id), done != null ? "lifeEvent.staff.recorded" : null, FormState.empty(), 200);
        } catch (ProblemException e) {
            return refused(city, e);
        }
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        String question = request.getParameter("question");
        String value = request.getParameter("value");
        try {
            operators.answer(id, question, value);
        } catch (ProblemException e) {
            if (e.status() != 400 && e.status() != 409) {
                return refused(city, e);
            }
            Text t = StaffPage.text();
            OperatorView v;
            try {
                v = operators.get(id);
            } catch (ProblemException gone) {
                return refused(city, gone);
            }
            FormState form = FormState.empty().value("value", value == null ? "" : value).error("value",
                    t.t(e.status() == 409 ? "lifeEvent.staff.error.notOpen" : "lifeEvent.staff.error.invalid"));
            return page(city, v, null, form, e.status());
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/staff/life-events/" + id + "?done")).build();
    }

    private Response page(City city, OperatorView v, String doneKey, FormState form, int status) {
        Text t = StaffPage.text();
        boolean en = "en".equals(t.tag());
        Question q = null;
        BundleView.QuestionView open = v.question();
        if (open != null && !v.draftsPrepared()) {
            List<Ui.Option> options = switch (open.type()) {
                case "choice" -> open.options() == null ? null : open.options().stream().map(o -> new Ui.Option(o.value(),
                        Ui.japanese(en && o.labelEn() != null ? o.labelEn() : o.label()), false)).toList();
                case "yesno" -> List.of(new Ui.Option("yes", t.t("lifeEvent.staff.yes"), false),
                        new Ui.Option("no", t.t("lifeEvent.staff.no"), false));
                default -> null;
            };
            String type = switch (open.type()) {
                case "date" -> "date";
                case "phone" -> "tel";
                case "number" -> "number";
                default -> "text";
            };
            q = new Question(open.id(), en ? open.askEn() : open.ask(), type, options);
        }
        List<StepLine> steps = v.steps().stream().map(s -> new StepLine(en ? s.nameEn() : s.name(), switch (s.state()) {
            case "OPEN" -> "lifeEvent.staff.state.open";
            case "AT_COUNTER" -> "lifeEvent.staff.state.counter";
            case "READY" -> "lifeEvent.staff.state.ready";
            case "NOT_OFFERED" -> "lifeEvent.staff.state.notOffered";
            case "WAITING" -> "lifeEvent.staff.state.waiting";
            default -> "lifeEvent.staff.state.notNeeded";
        }, s.application() != null)).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("steps", steps);
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("request", request);
        p.put("en", en);
        p.put("v", v);
        p.put("question", q);
        p.put("form", form);
        p.put("doneKey", doneKey);
        p.put("base", "/c/" + city.code() + "/staff/life-events/" + v.id());
        p.put("caseHref", v.caseReference() == null ? null : "/c/" + city.code() + "/staff/cases/" + v.caseReference());
        p.put("updated", StaffPage.time(v.updatedAt()));
        String title = (form.hasErrors() ? t.plain("lifeEvent.staff.errorTitle") + " " : "")
                + t.plain("lifeEvent.staff.title", en ? v.nameEn() : v.name());
        return StaffPage.html(status, StaffPage.page(city, t, title, "cases",
                CrmPages.TEMPLATES.content("staff/bundle.jte", p)));
    }

    private static Response refused(City city, ProblemException e) {
        Text t = StaffPage.text();
        if (e.status() == 404) {
            return StaffPage.message(404, city, t, "lifeEvent.staff.notFound.title", t.t("lifeEvent.staff.notFound"));
        }
        throw e;
    }
}
