package jp.kyodo.portal.profile;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import jp.kyodo.crm.notifications.Inbox;
import jp.kyodo.crm.notifications.InboxMessage;
import jp.kyodo.portal.notices.Notice;
import jp.kyodo.portal.notices.NoticeService;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import java.util.HashMap;
import java.util.Map;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jp.kyodo.portal.pages.PortalPages;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.problem.ProblemException;

/** The citizen's inbox ({@code /c/<code>/me/inbox}): personal messages with unread marks, and the city's notices. */
@Path("c/{code}/me/inbox")
@CitizenPage
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class InboxPage {

    @Inject
    SecurityContext security;
    @Inject
    TenantContext tenant;
    @Inject
    Inbox inbox;
    @Inject
    NoticeService notices;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    /** One message as the page shows it: its link only when it stays inside this city's pages. */
    public record Row(String id, String subject, String text, String link, String when, boolean unread) {
    }

    @GET
    public Response inbox(@PathParam("code") String code) {
        return page(tenant.city(), false);
    }

    private Response page(City city, boolean expired) {
        Text t = language.text(PortalPages.MESSAGES);
        List<InboxMessage> messages = inbox.mine(100);
        List<Row> rows = messages.stream().map(m -> new Row(m.id().toString(), m.subject(), m.text(),
                m.link() != null && m.link().startsWith("/c/" + city.code() + "/") ? m.link() : null,
                CitizenText.when(m.createdAt(), t.tag()), m.unread())).toList();
        long unread = messages.stream().filter(InboxMessage::unread).count();
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("cityName", city.name());
        params.put("messages", rows);
        params.put("unread", unread);
        params.put("notices", notices.list(true));
        params.put("expired", expired);
        params.put("request", request);
        String html = PageShell.page(t.tag(), t.plain("inbox.title") + " — " + city.name(), city,
                PortalPages.TEMPLATES.content("pages/inbox.jte", params), null);
        return Response.status(expired ? 400 : 200).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }

    @POST
    @Path("{id}/read")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response read(@PathParam("code") String code, @PathParam("id") String id,
                         @FormParam(FormToken.FIELD) String token) {
        City city = tenant.city();
        if (!FormToken.valid(request, token)) {
            return page(city, true);
        }
        try {
            inbox.markRead(UUID.fromString(id));
        } catch (IllegalArgumentException | ProblemException e) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/inbox")).build();
    }
}
