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
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.problem.ProblemException;

/** The citizen's inbox ({@code /c/<code>/me/inbox}): personal messages with unread marks, and the city's notices. */
@Path("")
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

    @GET
    @Path("c/{code}/me/inbox")
    public Response inbox(@PathParam("code") String code) {
        City city = tenant.city();
        PageLanguage l = language;
        boolean en = l.english();
        String c = "/c/" + Html.escape(city.code());
        List<InboxMessage> messages = inbox.mine(100);
        long unread = messages.stream().filter(InboxMessage::unread).count();
        StringBuilder b = new StringBuilder("<h1>").append(l.pick("お知らせ（受信箱）", "Inbox")).append("</h1>");
        b.append("<h2 id=\"personal\">").append(l.pick("あなたへのお知らせ", "Messages for you"))
                .append(unread > 0 ? l.pick("（未読 " + unread + " 件）", " (" + unread + " unread)") : "").append("</h2>");
        if (messages.isEmpty()) {
            b.append("<p>").append(l.pick("お知らせはありません。", "No messages.")).append("</p>");
        }
        for (InboxMessage m : messages) {
            b.append("<article class=\"message\" aria-labelledby=\"m-").append(m.id()).append("\"><h3 id=\"m-").append(m.id())
                    .append("\">").append(m.unread() ? l.pick("<strong>【未読】</strong>", "<strong>[Unread]</strong> ") : "")
                    .append(Html.escape(m.subject()))
                    .append("</h3><p><small>").append(CitizenText.when(m.createdAt(), en))
                    .append("</small></p><p>").append(Html.escape(m.text()).replace("\n", "<br>")).append("</p>");
            if (m.link() != null && m.link().startsWith("/c/" + city.code() + "/")) {
                b.append("<p><a href=\"").append(Html.escape(m.link())).append("\">").append(l.pick("くわしく見る", "See details"))
                        .append("</a></p>");
            }
            if (m.unread()) {
                b.append("<form method=\"post\" action=\"").append(c).append("/me/inbox/").append(m.id())
                        .append("/read\"><button type=\"submit\">").append(l.pick("既読にする", "Mark as read"))
                        .append("</button></form>");
            }
            b.append("</article>");
        }
        b.append("<h2>").append(l.pick(Html.escape(city.name()) + "からのお知らせ", "Notices from " + Html.escape(city.name())))
                .append("</h2>");
        List<Notice> published = notices.list(true);
        if (published.isEmpty()) {
            b.append("<p>").append(l.pick("お知らせはありません。", "No notices.")).append("</p>");
        } else {
            b.append("<ul>");
            for (Notice n : published) {
                b.append("<li><strong>").append(Html.escape(n.title())).append("</strong><br>")
                        .append(Html.escape(n.body()).replace("\n", "<br>")).append("</li>");
            }
            b.append("</ul>");
        }
        return MyPages.ok(city, l.pick("お知らせ", "Inbox"), b.append(MyPages.back(c, en)).toString(), l);
    }

    @POST
    @Path("c/{code}/me/inbox/{id}/read")
    public Response read(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        try {
            inbox.markRead(UUID.fromString(id));
        } catch (IllegalArgumentException | ProblemException e) {
            return MyPages.notFound(city, language);
        }
        return Response.seeOther(URI.create("/c/" + city.code() + "/me/inbox")).build();
    }
}
