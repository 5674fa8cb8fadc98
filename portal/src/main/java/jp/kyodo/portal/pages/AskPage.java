package jp.kyodo.portal.pages;

import gg.jte.Content;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.Serializable;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.agents.concierge.ConciergeAnswer;
import jp.kyodo.agents.concierge.ConciergeConversation;
import jp.kyodo.agents.concierge.ConciergeConversations;
import jp.kyodo.agents.concierge.ConciergeQuestion;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.concierge.ConciergeSource;
import jp.kyodo.agents.concierge.ConversationMessage;
import jp.kyodo.agents.lifeevents.BundleCatalogue;
import jp.kyodo.portal.lifeevents.BundleLink;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Languages;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The concierge page of a city ({@code /c/<code>/ask}, {@code pages/ask.jte}): a plain form that works without
 * JavaScript, showing the conversation so far (kept per signed-in person, or per anonymous browser session through a
 * random cookie), the answer with its sources, "which of these?" choices, the hand-over to a person, in the page's
 * language (six, {@link PortalPages#MESSAGES}, keys {@code ask.*}). Anyone may ask; a person signed in to this city is
 * recorded by user name, everybody else as {@code anonymous}.
 *
 * <p>Post/Redirect/Get: a question that was taken (answered, clarified, handed over) is answered with 303 to this
 * page, which shows what the post produced (kept in the HTTP session, one per browser): reloading the answer shows it
 * again and never asks again or opens a second case. The request to talk to a person is answered with 303 to the
 * hand-over form ({@code ?contact}). Input that cannot be
 * taken is answered at once with 400 and the form as typed; the concierge's limits with 429 and a readable page.
 */
@Path("c/{code}/ask")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AskPage {

    static final String SESSION_COOKIE = "kyodo_ask";
    /** The session attribute holding what the last post produced ({@link Shown}). */
    static final String SHOWN = "kyodo.ask.shown";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PERSON_REQUEST_JA = "人と話したい";

    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @jakarta.ws.rs.core.Context
    HttpServletRequest request;
    @Inject
    ConciergeService concierge;
    @Inject
    ConciergeConversations conversations;
    @Inject
    PageLanguage language;
    @Inject
    BundleCatalogue bundles;

    /**
     * A source, choice or suggestion as the page shows it, linked to {@code href}: its page on the city's own site
     * when it has an http(s) address, else its page in the city's よくある質問 ({@link FaqPages}).
     */
    public record Source(String id, String title, String url, String href) implements Serializable {
        static Source of(ConciergeSource s, String city) {
            String url = s.url() == null ? "" : s.url();
            String href = web(url) ? url : s.id() == null || s.id().isBlank() ? null : FaqPages.entryPath(city, s.id());
            return new Source(s.id(), s.title() == null ? "" : s.title(), url, href);
        }

        static boolean web(String url) {
            String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
            return lower.startsWith("https://") || lower.startsWith("http://");
        }
    }

    /** One message of the conversation so far. */
    public record Said(boolean citizen, String text, String reception) {
    }

    /**
     * What a post produced, shown by the page after the redirect: an answer ({@code kind} clarify, unanswered,
     * handover or answer) to {@code question}, or ({@code kind} null, {@code contact}) the form that hands the question
     * over to a person.
     */
    public record Shown(String city, String question, String kind, String text, String notice, List<Source> sources,
                        List<Source> suggestions, List<Source> choices, boolean offered, String reception, String follow,
                        boolean contact) implements Serializable {
        public Shown {
            sources = List.copyOf(sources);
            suggestions = List.copyOf(suggestions);
            choices = List.copyOf(choices);
        }

        static Shown answer(String city, String question, ConciergeAnswer a) {
            String kind = a.clarifies() ? "clarify" : "UNANSWERED".equals(a.outcome()) ? "unanswered"
                    : a.handedOver() ? "handover" : "answer";
            return new Shown(city, question, kind, a.answer() == null ? "" : a.answer(),
                    a.notice() == null || a.notice().isBlank() ? null : a.notice(), sources(a.sources(), city),
                    sources(a.suggestions(), city), sources(a.choices(), city), a.handoverOffered(), a.receptionNumber(),
                    Source.web(a.followUrl()) ? a.followUrl() : null, false);
        }

        static Shown contactForm(String city, String question) {
            return new Shown(city, question, null, null, null, List.of(), List.of(), List.of(), false, null, null, true);
        }

        private static List<Source> sources(List<ConciergeSource> s, String city) {
            return s.stream().map(x -> Source.of(x, city)).toList();
        }
    }

    /**
     * Everything the page shows besides the city: the conversation before the shown answer, the answer (or null), who
     * asks, whether the hand-over form replaces the question form, the form's values and errors, a refusal (or null).
     */
    public record View(List<Said> earlier, Shown shown, boolean anonymous, boolean contact, FormState form, Content alert,
                       int max, List<BundleLink> lifeEvents) {

        /** A view that names no life event. */
        public View(List<Said> earlier, Shown shown, boolean anonymous, boolean contact, FormState form, Content alert,
                    int max) {
            this(earlier, shown, anonymous, contact, form, alert, max, List.of());
        }
    }

    @GET
    public Response form(@PathParam("code") String code, @QueryParam("contact") String contact) {
        City city = tenant.city();
        Owner owner = owner(city);
        Shown shown = shown(city);
        FormState form = FormState.empty();
        if (contact != null) {
            // the hand-over form ({@code ?contact}), with what the person asked to hand over
            form.value("question", shown != null && shown.contact() ? shown.question() : "");
        }
        return owner.withCookie(Response.ok(page(city, owner, shown, contact != null, form, null))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ask(@PathParam("code") String code, @FormParam("question") String question,
                        @FormParam("action") String action, @FormParam("choice") String choice,
                        @FormParam("contactName") String contactName, @FormParam("contactEmail") String contactEmail,
                        @FormParam("contactPhone") String contactPhone) {
        City city = tenant.city();
        Owner owner = owner(city);
        if ("new".equals(action)) {
            if (owner.key != null) {
                conversations.startNew(owner.key);
            }
            return shownAfter(city, owner, null);
        }
        String typed = question == null ? "" : question;
        boolean anonymous = "anonymous".equals(askedBy(city));
        if ("person".equals(action)) {
            // the citizen asks for a person, about what they asked before (or what they typed now)
            String last = owner.key == null ? "" : conversations.current(owner.key).map(c -> c.messages().stream()
                    .filter(m -> "citizen".equals(m.role())).reduce((a, b) -> b).map(ConversationMessage::text)
                    .orElse("")).orElse("");
            typed = typed.isBlank() ? last : typed.strip();
            if (anonymous || typed.isBlank()) {
                // nothing is opened yet: first what it is about and how the city can reach them
                return shownAfter(city, owner, Shown.contactForm(city.code(), typed));
            }
            typed = PERSON_REQUEST_JA + "：" + typed;
            if (typed.length() > ConciergeQuestion.MAX_LENGTH) {
                typed = typed.substring(0, ConciergeQuestion.MAX_LENGTH);
            }
        }
        boolean handover = "handover".equals(action);
        if (anonymous && !handover && jp.kyodo.agents.concierge.Concierge.asksForPerson(typed)) {
            // 「職員と話したい」typed as a question: nothing is opened before the person says how to reach them
            return shownAfter(city, owner, Shown.contactForm(city.code(), typed.strip()));
        }
        String picked = "choose".equals(action) && choice != null && !choice.isBlank() ? choice : null;
        boolean contact = handover && anonymous;
        FormState form = FormState.empty().value("question", typed).value("contactName", nz(contactName))
                .value("contactEmail", nz(contactEmail)).value("contactPhone", nz(contactPhone));
        Text t = language.text(PortalPages.MESSAGES);
        try {
            ConciergeQuestion q = new ConciergeQuestion(typed, conciergeLanguage(t.tag()), picked,
                    handover ? Boolean.TRUE : null, blank(contactName), blank(contactEmail), blank(contactPhone));
            ConciergeAnswer a = concierge.ask(q, askedBy(city), owner.key);
            return shownAfter(city, owner, Shown.answer(city.code(), typed.strip(), a));
        } catch (ProblemException e) {
            if (e.status() == 429) {
                // over the concierge's limits: a readable page, nothing recorded, no case opened, the input kept
                Object wait = e.extensions().get("retryAfterSeconds");
                Response.ResponseBuilder r = Response.status(429).entity(page(city, owner, null, contact, form,
                        t.t("ask.tooMany", wait == null ? 60 : wait)));
                if (wait != null) {
                    r.header("Retry-After", String.valueOf(wait));
                }
                return owner.withCookie(r).build();
            }
            if (e.status() != 400) {
                throw e;
            }
            int length = typed.strip().length();
            if (typed.isBlank()) {
                form.error("question", t.t("ask.error.empty"));
            } else if (length > ConciergeQuestion.MAX_LENGTH) {
                form.error("question", t.t("ask.error.tooLong", ConciergeQuestion.MAX_LENGTH, length));
            } else if (contact) {
                form.error("contactEmail", t.t("ask.error.contact"));
            } else {
                form.error("question", t.t("ask.error.invalid"));
            }
            return owner.withCookie(Response.status(400).entity(page(city, owner, null, contact, form, null))).build();
        }
    }

    /** Post/Redirect/Get: keeps what the post produced for the page (or forgets it) and sends the browser there. */
    private Response shownAfter(City city, Owner owner, Shown shown) {
        if (shown == null) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.removeAttribute(SHOWN);
            }
        } else {
            request.getSession(true).setAttribute(SHOWN, shown);
        }
        String page = "/c/" + city.code() + "/ask" + (shown != null && shown.contact() ? "?contact" : "");
        return owner.withCookie(Response.seeOther(URI.create(page))).build();
    }

    /** What the last post of this browser produced in this city, if anything. */
    private Shown shown(City city) {
        HttpSession session = request.getSession(false);
        Object s = session == null ? null : session.getAttribute(SHOWN);
        return s instanceof Shown shown && shown.city().equals(city.code()) ? shown : null;
    }

    private String page(City city, Owner owner, Shown shown, boolean contact, FormState form, Content alert) {
        List<ConversationMessage> messages = owner.key == null ? List.of()
                : conversations.current(owner.key).map(ConciergeConversation::messages).orElse(List.of());
        if (shown != null && shown.kind() != null && messages.size() >= 2) {
            messages = messages.subList(0, messages.size() - 2); // the latest exchange is the answer shown below it
        }
        List<Said> earlier = messages.stream().map(m -> new Said("citizen".equals(m.role()), m.text(), m.receptionNumber()))
                .toList();
        boolean en = "en".equals(language.text(PortalPages.MESSAGES).tag());
        List<BundleLink> lifeEvents = shown == null || shown.kind() == null ? List.of()
                : bundles.heard(shown.question()).stream().map(b -> BundleLink.of(b, en)).toList();
        View v = new View(earlier, shown, "anonymous".equals(askedBy(city)), contact, form, alert, ConciergeQuestion.MAX_LENGTH,
                lifeEvents);
        return render(language.text(PortalPages.MESSAGES), city, request, v);
    }

    /** The page in the messages' language. */
    static String render(Text t, City city, HttpServletRequest request, View v) {
        return PageShell.page(t.tag(), t.plain("ask.pageTitle", city.name()), city, PortalPages.TEMPLATES.content("pages/ask.jte",
                Map.of("t", t, "cityName", city.name(), "base", "/c/" + city.code() + "/", "v", v, "request", request)), null);
    }

    /** The language the concierge records for a question asked on a page in this language. */
    static String conciergeLanguage(String tag) {
        return Languages.EASY_JAPANESE.equals(tag) ? Languages.JAPANESE : tag;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Whose conversation this is: the signed-in person of this city, else the browser's session cookie. */
    private record Owner(String key, NewCookie cookie) {
        Response.ResponseBuilder withCookie(Response.ResponseBuilder b) {
            return cookie == null ? b : b.cookie(cookie);
        }
    }

    private Owner owner(City city) {
        String subject = identity.subject();
        if (!"anonymous".equals(askedBy(city)) && subject != null && !subject.isBlank()) {
            // a signed-in person's conversation is theirs by subject id, never by user name
            return new Owner(ConciergeConversations.subjectOwner(subject), null);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (SESSION_COOKIE.equals(c.getName()) && c.getValue() != null && c.getValue().matches("[0-9a-f]{32}")) {
                    return new Owner(ConciergeConversations.sessionOwner(c.getValue()), null);
                }
            }
        }
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        String value = HexFormat.of().formatHex(b);
        NewCookie cookie = PortalCookies.named(SESSION_COOKIE).value(value).path("/c/" + city.code() + "/")
                .httpOnly(true).sameSite(NewCookie.SameSite.LAX).secure(request.isSecure()).build();
        return new Owner(ConciergeConversations.sessionOwner(value), cookie);
    }

    /** A user name only for a person signed in to this city; anyone else asks anonymously. */
    private String askedBy(City city) {
        if (!SignedIn.signedIn(request)) {
            return "anonymous";
        }
        return SignedIn.belongsTo(request, city.code()) ? identity.username() : "anonymous";
    }
}
