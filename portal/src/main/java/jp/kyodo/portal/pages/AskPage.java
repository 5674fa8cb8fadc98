package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
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
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.kyodo.agents.concierge.ConciergeAnswer;
import jp.kyodo.agents.concierge.ConciergeConversation;
import jp.kyodo.agents.concierge.ConciergeConversations;
import jp.kyodo.agents.concierge.ConciergeQuestion;
import jp.kyodo.agents.concierge.ConciergeService;
import jp.kyodo.agents.concierge.ConciergeSource;
import jp.kyodo.agents.concierge.ConversationMessage;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.RequestIdentity;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.SignedIn;
import jp.kyodo.tenant.problem.ProblemException;

/**
 * The concierge page of a city ({@code /c/<code>/ask}): a plain form that works without JavaScript, showing the
 * conversation so far (kept per signed-in person, or per anonymous browser session through a random cookie), the
 * answers' sources, a button to talk to a person, and Japanese or English labels ({@code ?lang=en}). Anyone may ask;
 * a person signed in to this city is recorded by user name, everybody else as {@code anonymous}.
 */
@Path("")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class AskPage {

    static final String SESSION_COOKIE = "kyodo_ask";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String PERSON_REQUEST_JA = "人と話したい";

    @Inject
    TenantContext tenant;
    @Inject
    RequestIdentity identity;
    @Inject
    SecurityContext security;
    @jakarta.ws.rs.core.Context
    HttpServletRequest request;
    @Inject
    ConciergeService concierge;
    @Inject
    ConciergeConversations conversations;
    @Inject
    jp.kyodo.tenant.pages.PageLanguage language;

    @GET
    @Path("c/{code}/ask")
    public Response form(@PathParam("code") String code, @QueryParam("lang") String lang) {
        City city = tenant.city();
        String l = lang == null ? language.lang() : lang(lang);
        Owner owner = owner(city);
        Optional<ConciergeConversation> so = owner.key == null ? Optional.empty() : conversations.current(owner.key);
        return owner.withCookie(Response.ok(page(city, l, "", so.orElse(null), null, null))).build();
    }

    @POST
    @Path("c/{code}/ask")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ask(@PathParam("code") String code, @FormParam("question") String question,
                        @FormParam("lang") String lang, @FormParam("action") String action) {
        City city = tenant.city();
        String l = lang == null ? language.lang() : lang(lang);
        Owner owner = owner(city);
        if ("new".equals(action)) {
            if (owner.key != null) {
                conversations.startNew(owner.key);
            }
            return owner.withCookie(Response.ok(page(city, l, "", null, null, null))).build();
        }
        String typed = question == null ? "" : question;
        if ("person".equals(action)) {
            // the citizen asks for a person: the concierge hands over with what they asked before
            String last = owner.key == null ? "" : conversations.current(owner.key).map(c -> c.messages().stream()
                    .filter(m -> "citizen".equals(m.role())).reduce((a, b) -> b).map(ConversationMessage::text)
                    .orElse("")).orElse("");
            typed = PERSON_REQUEST_JA + (typed.isBlank() ? last.isBlank() ? "" : "：" + last : "：" + typed.strip());
            if (typed.length() > ConciergeQuestion.MAX_LENGTH) {
                typed = typed.substring(0, ConciergeQuestion.MAX_LENGTH);
            }
        }
        try {
            ConciergeAnswer a = concierge.ask(new ConciergeQuestion(typed, l), askedBy(city), owner.key);
            ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
            return owner.withCookie(Response.ok(page(city, l, typed, c, a, null))).build();
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            String message = typed.isBlank() ? t(l, "empty")
                    : typed.strip().length() > ConciergeQuestion.MAX_LENGTH
                    ? String.format(t(l, "tooLong"), ConciergeQuestion.MAX_LENGTH, typed.strip().length())
                    : t(l, "invalid");
            ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
            return owner.withCookie(Response.status(400).entity(page(city, l, typed, c, null, message))).build();
        }
    }

    /** Whose conversation this is: the signed-in person of this city, else the browser's session cookie. */
    private record Owner(String key, NewCookie cookie) {
        Response.ResponseBuilder withCookie(Response.ResponseBuilder b) {
            return cookie == null ? b : b.cookie(cookie);
        }
    }

    private Owner owner(City city) {
        String user = askedBy(city);
        if (!"anonymous".equals(user)) {
            return new Owner(ConciergeConversations.userOwner(user), null);
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
        NewCookie cookie = new NewCookie.Builder(SESSION_COOKIE).value(value).path("/c/" + city.code() + "/")
                .httpOnly(true).sameSite(NewCookie.SameSite.LAX).secure(request.isSecure()).build();
        return new Owner(ConciergeConversations.sessionOwner(value), cookie);
    }

    /** A user name only for a person signed in to this city; anyone else asks anonymously. */
    private String askedBy(City city) {
        if (security.getCallerPrincipal() == null) {
            return "anonymous";
        }
        return SignedIn.belongsTo(request, city.code()) ? identity.username() : "anonymous";
    }

    static String lang(String l) {
        return "en".equals(l) ? "en" : "ja";
    }

    private static final Map<String, Map<String, String>> TEXT = Map.of(
            "ja", Map.ofEntries(
                    Map.entry("title", "AIコンシェルジュ"),
                    Map.entry("intro", "手続きやくらしについての質問に、%sの案内をもとにお答えします。答えられないときは職員におつなぎします。"),
                    Map.entry("errorHeading", "入力内容をご確認ください"),
                    Map.entry("empty", "質問を入力してください。"),
                    Map.entry("tooLong", "質問は%d文字以内で入力してください（いまは%d文字です）。"),
                    Map.entry("invalid", "質問を受け付けられませんでした。内容をご確認ください。"),
                    Map.entry("conversation", "これまでのやりとり"),
                    Map.entry("you", "あなた"),
                    Map.entry("concierge", "コンシェルジュ"),
                    Map.entry("ask", "質問する"),
                    Map.entry("askMore", "続けて質問する"),
                    Map.entry("label", "ご質問（%d文字以内）"),
                    Map.entry("hint", "マイナンバーや口座番号などの個人情報は入力しないでください。"),
                    Map.entry("person", "職員と話したい"),
                    Map.entry("personHint", "これまでの質問を添えて、職員におつなぎします。"),
                    Map.entry("new", "新しい会話をはじめる"),
                    Map.entry("top", "ポータルのトップへ戻る"),
                    Map.entry("answer", "回答"),
                    Map.entry("sources", "出典"),
                    Map.entry("handover", "職員におつなぎします"),
                    Map.entry("reception", "受付番号は <strong>%s</strong> です。担当の職員が内容を確認して回答します。お問い合わせの際はこの番号をお伝えください。"),
                    Map.entry("auto", "この回答は自動で作成しています。くわしくは出典のページをご確認ください。"),
                    Map.entry("asked", "ご質問："),
                    Map.entry("suggestions", "こちらの情報が役に立つかもしれません"),
                    Map.entry("switch", "English")),
            "en", Map.ofEntries(
                    Map.entry("title", "AI concierge"),
                    Map.entry("intro", "Ask about procedures and daily life; answers come from the information of %s. When the concierge cannot answer, a member of staff takes over."),
                    Map.entry("errorHeading", "Please check your input"),
                    Map.entry("empty", "Please enter a question."),
                    Map.entry("tooLong", "Please keep the question within %d characters (it has %d now)."),
                    Map.entry("invalid", "The question could not be accepted. Please check it."),
                    Map.entry("conversation", "Conversation so far"),
                    Map.entry("you", "You"),
                    Map.entry("concierge", "Concierge"),
                    Map.entry("ask", "Ask"),
                    Map.entry("askMore", "Ask another question"),
                    Map.entry("label", "Your question (up to %d characters)"),
                    Map.entry("hint", "Do not enter personal data such as your My Number or bank account."),
                    Map.entry("person", "Talk to a person"),
                    Map.entry("personHint", "A member of staff will follow up, with your questions so far."),
                    Map.entry("new", "Start a new conversation"),
                    Map.entry("top", "Back to the portal"),
                    Map.entry("answer", "Answer"),
                    Map.entry("sources", "Sources"),
                    Map.entry("handover", "A member of staff will follow up"),
                    Map.entry("reception", "Your reception number is <strong>%s</strong>. Staff will review your question and reply. Please quote this number when you contact the city."),
                    Map.entry("auto", "This answer was produced automatically. Please check the source pages for details."),
                    Map.entry("asked", "Your question: "),
                    Map.entry("suggestions", "This information may help"),
                    Map.entry("switch", "日本語")));

    static String t(String lang, String key) {
        return TEXT.get(lang).get(key);
    }

    static String page(City city, String lang, String typed, ConciergeConversation conversation, ConciergeAnswer answer,
                       String error) {
        String code = Html.escape(city.code());
        String other = "ja".equals(lang) ? "en" : "ja";
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lang\"><a href=\"/c/").append(code).append("/ask?lang=").append(other)
                .append("\" lang=\"").append(other).append("\" hreflang=\"").append(other).append("\">")
                .append(t(lang, "switch")).append("</a></p>");
        b.append("<h1>").append(Html.escape(city.name())).append(" ").append(t(lang, "title")).append("</h1>");
        b.append("<p>").append(String.format(t(lang, "intro"), Html.escape(city.name()))).append("</p>");
        if (error != null) {
            b.append("<div class=\"error\" role=\"alert\" id=\"question-error\"><h2>").append(t(lang, "errorHeading"))
                    .append("</h2><p>").append(Html.escape(error)).append("</p></div>");
        }
        List<ConversationMessage> earlier = conversation == null ? List.of() : conversation.messages();
        if (answer != null && earlier.size() >= 2) {
            earlier = earlier.subList(0, earlier.size() - 2); // the latest exchange is shown below as the answer
        }
        if (!earlier.isEmpty()) {
            b.append("<section class=\"conversation\" aria-labelledby=\"conversation-heading\"><h2 id=\"conversation-heading\">")
                    .append(t(lang, "conversation")).append("</h2><ol>");
            for (ConversationMessage m : earlier) {
                boolean citizen = "citizen".equals(m.role());
                b.append("<li class=\"").append(citizen ? "citizen" : "concierge").append("\"><strong>")
                        .append(t(lang, citizen ? "you" : "concierge")).append("：</strong>").append(text(m.text()));
                if (m.receptionNumber() != null) {
                    b.append(" (").append(Html.escape(m.receptionNumber())).append(")");
                }
                b.append("</li>");
            }
            b.append("</ol></section>");
        }
        if (answer != null) {
            b.append("<p class=\"asked\">").append(t(lang, "asked")).append(text(typed.strip())).append("</p>");
            b.append(answerHtml(lang, answer));
        }
        String action = "/c/" + code + "/ask";
        b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">")
                .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang).append("\">")
                .append("<h2>").append(t(lang, answer == null && earlier.isEmpty() ? "ask" : "askMore")).append("</h2>")
                .append("<p><label for=\"question\">").append(String.format(t(lang, "label"), ConciergeQuestion.MAX_LENGTH))
                .append("</label></p>")
                .append("<p id=\"question-hint\">").append(t(lang, "hint")).append("</p>")
                .append("<p><textarea id=\"question\" name=\"question\" rows=\"5\" cols=\"60\" required maxlength=\"")
                .append(ConciergeQuestion.MAX_LENGTH).append("\"")
                .append(" aria-describedby=\"question-hint").append(error != null ? " question-error\" aria-invalid=\"true\"" : "\"")
                .append(error != null ? " autofocus" : "").append(">")
                .append(Html.escape(error != null ? typed : "")).append("</textarea></p>")
                .append("<p><button type=\"submit\" name=\"action\" value=\"ask\">").append(t(lang, "ask")).append("</button></p></form>");
        b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">")
                .append("<input type=\"hidden\" name=\"lang\" value=\"").append(lang).append("\">")
                .append("<p id=\"person-hint\">").append(t(lang, "personHint")).append("</p>")
                .append("<p><button type=\"submit\" name=\"action\" value=\"person\" aria-describedby=\"person-hint\">")
                .append(t(lang, "person")).append("</button> ")
                .append("<button type=\"submit\" name=\"action\" value=\"new\">").append(t(lang, "new"))
                .append("</button></p></form>")
                .append("<p><a href=\"/c/").append(code).append("/\">").append(t(lang, "top")).append("</a></p>");
        return PageShell.render(lang, t(lang, "title") + " — " + city.name(), city,
                "<style>textarea{width:100%;max-width:40rem;font:inherit}textarea:focus,button:focus,a:focus"
                        + "{outline:3px solid #ffb800;outline-offset:2px}.error{border-left:4px solid #c00;padding-left:1rem}"
                        + ".answer{border:1px solid #ccc;padding:0 1rem;margin:1rem 0}.conversation ol{list-style:none;padding:0}"
                        + ".conversation li{margin:.5rem 0}</style>" + b);
    }

    private static String answerHtml(String lang, ConciergeAnswer a) {
        StringBuilder b = new StringBuilder("<section class=\"answer\" aria-labelledby=\"answer-heading\" aria-live=\"polite\">");
        if (a.handedOver()) {
            b.append("<h2 id=\"answer-heading\">").append(t(lang, "handover")).append("</h2>")
                    .append("<p>").append(text(a.answer())).append("</p>")
                    .append("<p>").append(String.format(t(lang, "reception"), Html.escape(a.receptionNumber())))
                    .append("</p>");
            if (!a.suggestions().isEmpty()) {
                // the hand-over still happens; these are the city's closest entries, in case one already helps
                b.append("<h3 id=\"suggestions-heading\">").append(t(lang, "suggestions")).append("</h3>")
                        .append("<ul class=\"suggestions\" aria-labelledby=\"suggestions-heading\">");
                for (ConciergeSource s : a.suggestions()) {
                    b.append("<li>").append(link(s)).append("</li>");
                }
                b.append("</ul>");
            }
        } else {
            b.append("<h2 id=\"answer-heading\">").append(t(lang, "answer")).append("</h2>").append("<p>")
                    .append(text(a.answer())).append("</p>");
            if (a.notice() != null && !a.notice().isBlank()) {
                b.append("<p>").append(Html.escape(a.notice())).append("</p>");
            }
            b.append("<h3>").append(t(lang, "sources")).append("</h3><ul>");
            for (ConciergeSource s : a.sources()) {
                b.append("<li>").append(link(s)).append("</li>");
            }
            b.append("</ul><p><small>").append(t(lang, "auto")).append("</small></p>");
        }
        return b.append("</section>").toString();
    }

    /** The entry's title, linked when its URL is http(s) (anything else is shown as text only). */
    private static String link(ConciergeSource s) {
        String url = s.url() == null ? "" : s.url();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return "<a href=\"" + Html.escape(url) + "\">" + Html.escape(s.title()) + "</a>";
        }
        return Html.escape(s.title());
    }

    private static String text(String s) {
        return Html.escape(s).replace("\n", "<br>");
    }
}
