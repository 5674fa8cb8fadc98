package jp.kyodo.portal.profile;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.kyodo.crm.citizens.CitizenRecord;
import jp.kyodo.crm.citizens.CitizenRecords;
import jp.kyodo.crm.citizens.Consent;
import jp.kyodo.crm.citizens.ConsentChange;
import jp.kyodo.crm.citizens.ConsentPurpose;
import jp.kyodo.crm.citizens.InvalidCitizenData;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * The citizen's consents ({@code /c/<code>/me/consents}, {@code pages/consents.jte}): each purpose with its current
 * answer and the buttons to give, decline or withdraw it, and the append-only history. A post answers 303 back here
 * (or to "my programmes" when it came from there, {@code return=programmes}); a post without a valid purpose or answer
 * answers the page again with 400 and says so.
 */
@Path("c/{code}/me/consents")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ConsentsPage {

    @Inject
    TenantContext tenant;
    @Inject
    CitizenRecords records;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    /** One purpose as the page shows it. */
    public record Purpose(String code, Content label, Content state, boolean canGive, boolean canRefuse, boolean answered) {
    }

    /** One line of the history. */
    public record Change(String when, Content purpose, boolean given) {
    }

    @GET
    public Response consents(@PathParam("code") String code) {
        return page(tenant.city(), false);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code) {
        City city = tenant.city();
        // read through the servlet request: the central form check may already have parsed the body
        String given = request.getParameter("given");
        try {
            records.answer(new ConsentChange(request.getParameter("purpose"), given == null ? null : Boolean.valueOf(given)));
        } catch (InvalidCitizenData e) {
            return page(city, true);
        }
        String back = "programmes".equals(request.getParameter("return")) ? "/me/programmes" : "/me/consents";
        return Response.seeOther(URI.create("/c/" + city.code() + back)).build();
    }

    private Response page(City city, boolean invalid) {
        Text t = language.text(PortalPages.MESSAGES);
        List<Consent> current = records.myConsents();
        List<Consent> history = records.mine().map(CitizenRecord::consentHistory).orElse(List.of());
        List<Purpose> purposes = java.util.Arrays.stream(ConsentPurpose.values()).map(p -> {
            Consent now = current.stream().filter(x -> x.purpose().equals(p.code())).findFirst().orElse(null);
            Content state = now == null ? t.t("consents.state.none")
                    : now.given() ? t.t("consents.state.given", CitizenText.when(now.at(), t.tag()), now.version())
                    : t.t("consents.state.withdrawn", CitizenText.when(now.at(), t.tag()));
            return new Purpose(p.code(), label(t, p.code(), p.label()), state, now == null || !now.given(),
                    now == null || now.given(), now != null);
        }).toList();
        List<Change> changes = history.stream()
                .map(h -> new Change(CitizenText.when(h.at(), t.tag()), label(t, h.purpose(), h.label()), h.given())).toList();
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("purposes", purposes);
        params.put("history", changes);
        params.put("invalid", invalid);
        params.put("request", request);
        String html = PageShell.page(t.tag(), t.plain("consents.title") + " — " + city.name(), city,
                PortalPages.TEMPLATES.content("pages/consents.jte", params), null);
        return Response.status(invalid ? 400 : 200).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    /** What a consent is for: the page's words for the purposes it knows, else the record's Japanese. */
    private static Content label(Text t, String code, String japanese) {
        return switch (code) {
            case "programme-guidance" -> t.t("consents.purpose.programmeGuidance");
            case "surveys" -> t.t("consents.purpose.surveys");
            default -> Ui.japanese(japanese);
        };
    }
}
