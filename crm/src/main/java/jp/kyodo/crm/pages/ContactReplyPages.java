package jp.kyodo.crm.pages;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
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
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.chrono.JapaneseDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.crm.cases.CaseDetail;
import jp.kyodo.crm.cases.CaseEvent;
import jp.kyodo.crm.cases.CaseMessage;
import jp.kyodo.crm.cases.ContactThreads;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.FormToken;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;
import jp.kyodo.tenant.problem.ProblemException;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The page a person without a citizen account reaches from the city's reply e-mail
 * ({@code /c/<code>/inquiries/reply/<token>}): the case's messages meant for them and a form to answer back into the
 * same case. No sign-in: the link's token is the key ({@link ContactThreads}); a wrong or expired link is a plain
 * "not found" page. The page is not cached and sends no referrer, so the token does not travel further. Templates
 * {@code reply/*.jte}, words from the crm bundle ({@code reply.*}) in the person's language; the form is
 * {@link Ui#form} (the session's token), its error is tied to the field, the text is kept, a sent answer is 303.
 */
@Path("c/{code}/inquiries")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class ContactReplyPages {

    /** Dates for Japanese readers: 和暦 and the time ({@code 令和8年12月5日 9:30}). */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("GGGGy年M月d日", Locale.JAPAN);
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
    /** Dates in the other languages: {@code 2026-12-05 09:30}. */
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    TenantContext tenant;
    @Inject
    ContactThreads threads;
    @Inject
    PageLanguage language;
    @Context
    HttpServletRequest request;

    @GET
    @Path("reply/{token}")
    public Response thread(@PathParam("code") String code, @PathParam("token") String token,
                           @QueryParam("sent") String sent) {
        City city = tenant.city();
        Text t = language.text(CrmPages.MESSAGES);
        try {
            CaseDetail d = threads.view(token);
            return page(200, city, t, d, token, sent != null, FormState.empty());
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city, t);
            }
            throw e;
        }
    }

    @POST
    @Path("reply/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response answer(@PathParam("code") String code, @PathParam("token") String token,
                           @FormParam("message") String message, @FormParam(FormToken.FIELD) String formToken) {
        City city = tenant.city();
        Text t = language.text(CrmPages.MESSAGES);
        String msg = message == null ? "" : message;
        FormState form = FormState.empty().value("message", msg);
        try {
            if (!FormToken.valid(request, formToken)) {
                form.error("message", t.t("reply.error.expired"));
                return page(400, city, t, threads.view(token), token, false, form);
            }
            int length = msg.strip().length();
            if (length == 0) {
                form.error("message", t.t("reply.error.empty"));
            } else if (length > CaseMessage.MAX) {
                form.error("message", t.t("reply.error.long", CaseMessage.MAX, length));
            }
            if (form.hasErrors()) {
                return page(400, city, t, threads.view(token), token, false, form);
            }
            threads.answer(token, new CaseMessage(msg));
            return Response.seeOther(URI.create("/c/" + city.code() + "/inquiries/reply/" + token + "?sent=1"))
                    .header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return notFound(city, t);
            }
            if (e.status() == 409) {
                form.error("message", t.t("reply.error.closed"));
                return page(409, city, t, threads.view(token), token, false, form);
            }
            throw e;
        }
    }

    private Response page(int status, City city, Text t, CaseDetail d, String token, boolean sent, FormState form) {
        List<CaseEvent> messages = new ArrayList<>();
        List<String> who = new ArrayList<>();
        List<String> when = new ArrayList<>();
        for (CaseEvent e : d.timeline()) {
            if (e.kind() == EventKind.STATUS) {
                continue;
            }
            messages.add(e);
            who.add(switch (e.kind()) {
                case CITIZEN_MESSAGE -> "reply.who.you";
                case STAFF_REPLY -> "reply.who.city";
                case TRANSCRIPT -> "reply.who.concierge";
                default -> "reply.who.received";
            });
            when.add(when(t, e.at()));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("t", t);
        p.put("words", Ui.words(t.tag()));
        p.put("request", request);
        p.put("action", "/c/" + city.code() + "/inquiries/reply/" + token);
        p.put("cityName", city.name());
        p.put("d", d);
        p.put("statusKey", switch (d.status()) {
            case NEW -> "reply.status.received";
            case ASSIGNED, ESCALATED -> "reply.status.working";
            case WAITING_FOR_CITIZEN -> "reply.status.waiting";
            case RESOLVED -> "reply.status.answered";
            case CLOSED -> "reply.status.closed";
        });
        p.put("created", when(t, d.createdAt()));
        p.put("messages", messages);
        p.put("whoKeys", who);
        p.put("whens", when);
        p.put("sent", sent);
        p.put("form", form);
        return html(status, PageShell.page(t.tag(), t.plain("reply.title", d.receptionNumber()) + " — " + city.name(), city,
                CrmPages.TEMPLATES.content("reply/thread.jte", p), null));
    }

    private static Response notFound(City city, Text t) {
        return html(404, PageShell.page(t.tag(), t.plain("reply.notFound.title") + " — " + city.name(), city,
                CrmPages.TEMPLATES.content("reply/notFound.jte", Map.of("t", t)), null));
    }

    private static Response html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").entity(page).build();
    }

    /** 和暦 for Japanese and やさしい日本語, {@code 2026-12-05 09:30} for the other languages. */
    static String when(Text t, OffsetDateTime at) {
        if (at == null) {
            return "";
        }
        ZonedDateTime z = at.atZoneSameInstant(ReceptionNumbers.JAPAN);
        return Languages.JAPANESE.equals(t.tag()) || Languages.EASY_JAPANESE.equals(t.tag())
                ? DATE.format(JapaneseDate.from(z)) + " " + CLOCK.format(z) : ISO.format(z);
    }
}
