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
import jp.kyodo.tenant.pages.FormToken;
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
        return owner.withCookie(Response.ok(page(city, l, "", so.orElse(null), null, null, FormToken.hidden(request)))).build();
    }

    @POST
    @Path("c/{code}/ask")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response ask(@PathParam("code") String code, @FormParam("question") String question,
                        @FormParam("lang") String lang, @FormParam("action") String action,
                        @FormParam("choice") String choice, @FormParam("contactName") String contactName,
                        @FormParam("contactEmail") String contactEmail, @FormParam("contactPhone") String contactPhone) {
        City city = tenant.city();
        String l = lang == null ? language.lang() : lang(lang);
        Owner owner = owner(city);
        if ("new".equals(action)) {
            if (owner.key != null) {
                conversations.startNew(owner.key);
            }
            return owner.withCookie(Response.ok(page(city, l, "", null, null, null, FormToken.hidden(request)))).build();
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
                ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
                return owner.withCookie(Response.ok(page(city, l, typed, c, null, null, anonymous, true, FormToken.hidden(request)))).build();
            }
            typed = PERSON_REQUEST_JA + "：" + typed;
            if (typed.length() > ConciergeQuestion.MAX_LENGTH) {
                typed = typed.substring(0, ConciergeQuestion.MAX_LENGTH);
            }
        }
        boolean handover = "handover".equals(action);
        if (anonymous && !handover && jp.kyodo.agents.knowledge.Concierge.asksForPerson(typed)) {
            // 「職員と話したい」typed as a question: nothing is opened before the person says how to reach them
            ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
            return owner.withCookie(Response.ok(page(city, l, typed.strip(), c, null, null, true, true, FormToken.hidden(request)))).build();
        }
        String picked = "choose".equals(action) && choice != null && !choice.isBlank() ? choice : null;
        try {
            ConciergeQuestion q = new ConciergeQuestion(typed, l, picked, handover ? Boolean.TRUE : null,
                    blank(contactName), blank(contactEmail), blank(contactPhone));
            ConciergeAnswer a = concierge.ask(q, askedBy(city), owner.key);
            ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
            return owner.withCookie(Response.ok(page(city, l, typed, c, a, null, anonymous, false, FormToken.hidden(request)))).build();
        } catch (ProblemException e) {
            if (e.status() == 429) {
                // over the concierge's limits: a readable page, nothing recorded, no case opened
                ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
                Object wait = e.extensions().get("retryAfterSeconds");
                Response.ResponseBuilder r = Response.status(429).entity(page(city, l, typed, c, null,
                        String.format(t(l, "tooMany"), wait == null ? 60 : wait), anonymous, false, FormToken.hidden(request)));
                if (wait != null) {
                    r.header("Retry-After", String.valueOf(wait));
                }
                return owner.withCookie(r).build();
            }
            if (e.status() != 400) {
                throw e;
            }
            boolean contact = handover && anonymous;
            String message = typed.isBlank() ? t(l, "empty")
                    : typed.strip().length() > ConciergeQuestion.MAX_LENGTH
                    ? String.format(t(l, "tooLong"), ConciergeQuestion.MAX_LENGTH, typed.strip().length())
                    : contact ? t(l, "contactNeeded") : t(l, "invalid");
            ConciergeConversation c = owner.key == null ? null : conversations.current(owner.key).orElse(null);
            return owner.withCookie(Response.status(400).entity(page(city, l, typed, c, null, message, anonymous,
                    contact, FormToken.hidden(request)))).build();
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
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
                    Map.entry("which", "どれについてですか？"),
                    Map.entry("tooMany", "短い時間に多くの質問や問い合わせがありました。%s秒ほど待ってから、もう一度お試しください。"),
                    Map.entry("choose", "これについて知りたい"),
                    Map.entry("none", "どれでもない（職員に問い合わせる）"),
                    Map.entry("unanswered", "お答えできませんでした"),
                    Map.entry("offer", "職員に問い合わせることができます。問い合わせますか？"),
                    Map.entry("handoverButton", "職員に問い合わせる"),
                    Map.entry("contactHeading", "職員への問い合わせ"),
                    Map.entry("contactIntro", "職員から回答するため、メールアドレスか電話番号を入力してください（どちらか一つで構いません）。ログインしている方は入力不要です。"),
                    Map.entry("signIn", "ログインして問い合わせる"),
                    Map.entry("questionFor", "問い合わせる内容"),
                    Map.entry("contactName", "お名前（任意）"),
                    Map.entry("contactEmail", "メールアドレス"),
                    Map.entry("contactPhone", "電話番号"),
                    Map.entry("contactNeeded", "メールアドレスか電話番号を入力してください（形式もご確認ください）。"),
                    Map.entry("follow", "この案件の状況と職員からの回答は、次のリンクで確認できます（このリンクは他の人に知らせないでください）："),
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
                    Map.entry("which", "Which of these do you mean?"),
                    Map.entry("tooMany", "There were many questions or requests in a short time. Please wait about %s seconds and try again."),
                    Map.entry("choose", "This one"),
                    Map.entry("none", "None of these (ask a member of staff)"),
                    Map.entry("unanswered", "The concierge could not answer"),
                    Map.entry("offer", "You can ask a member of staff. Would you like to?"),
                    Map.entry("handoverButton", "Ask a member of staff"),
                    Map.entry("contactHeading", "Ask a member of staff"),
                    Map.entry("contactIntro", "So that staff can reply, enter an e-mail address or a telephone number (one is enough). Signed-in residents need not enter anything."),
                    Map.entry("signIn", "Sign in and ask"),
                    Map.entry("questionFor", "What you would like to ask"),
                    Map.entry("contactName", "Name (optional)"),
                    Map.entry("contactEmail", "E-mail address"),
                    Map.entry("contactPhone", "Telephone number"),
                    Map.entry("contactNeeded", "Please enter an e-mail address or a telephone number (and check its format)."),
                    Map.entry("follow", "You can follow your inquiry and read the city's reply at this link (keep it to yourself):"),
                    Map.entry("switch", "日本語")));

    static String t(String lang, String key) {
        return TEXT.get(lang).get(key);
    }

    static String page(City city, String lang, String typed, ConciergeConversation conversation, ConciergeAnswer answer,
                       String error, String token) {
        return page(city, lang, typed, conversation, answer, error, false, false, token);
    }

    /**
     * @param anonymous   nobody of this city is signed in (a hand-over then needs a contact)
     * @param contactForm show the form that hands the question over to a person (with contact fields if anonymous)
     * @param token       the hidden input with the session's form token ({@link FormToken#hidden}), put in every form
     */
    static String page(City city, String lang, String typed, ConciergeConversation conversation, ConciergeAnswer answer,
                       String error, boolean anonymous, boolean contactForm, String token) {
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
        String action = "/c/" + code + "/ask";
        if (answer != null) {
            b.append("<p class=\"asked\">").append(t(lang, "asked")).append(text(typed.strip())).append("</p>");
            b.append(answerHtml(lang, answer, action, typed.strip(), anonymous, token));
        }
        if (contactForm) {
            b.append(contactForm(lang, action, code, typed.strip(), anonymous, error != null, token));
        }
        b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
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
        b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
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
                        + ".conversation li{margin:.5rem 0}.choices{list-style:none;padding:0}.choices li{margin:.5rem 0}"
                        + ".visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
                        + "white-space:nowrap}input{font:inherit;max-width:100%}</style>" + b);
    }

    private static String answerHtml(String lang, ConciergeAnswer a, String action, String question, boolean anonymous,
                                     String token) {
        StringBuilder b = new StringBuilder("<section class=\"answer\" aria-labelledby=\"answer-heading\" aria-live=\"polite\">");
        if (a.clarifies()) {
            // "which of these?": each choice answers at once (a plain form, no JavaScript); none of these → a person
            b.append("<h2 id=\"answer-heading\">").append(t(lang, "which")).append("</h2><ul class=\"choices\">");
            for (ConciergeSource s : a.choices()) {
                b.append("<li><form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
                        .append(hidden("lang", lang)).append(hidden("question", question))
                        .append(hidden("choice", s.id()))
                        .append("<button type=\"submit\" name=\"action\" value=\"choose\">").append(Html.escape(s.title()))
                        .append("</button>");
                if (isWebUrl(s.url())) {
                    b.append(" <a href=\"").append(Html.escape(s.url())).append("\">").append(t(lang, "sources"))
                            .append("<span class=\"visually-hidden\">: ").append(Html.escape(s.title())).append("</span></a>");
                }
                b.append("</form></li>");
            }
            b.append("</ul>").append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
                    .append(hidden("lang", lang)).append(hidden("question", question))
                    .append("<p><button type=\"submit\" name=\"action\" value=\"person\">").append(t(lang, "none"))
                    .append("</button></p></form>");
        } else if ("UNANSWERED".equals(a.outcome())) {
            b.append("<h2 id=\"answer-heading\">").append(t(lang, "unanswered")).append("</h2>")
                    .append("<p>").append(text(a.answer())).append("</p>");
            suggestions(b, lang, a);
            if (a.handoverOffered()) {
                b.append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
                        .append(hidden("lang", lang)).append(hidden("question", question))
                        .append("<p>").append(t(lang, "offer")).append("</p><p><button type=\"submit\" name=\"action\" value=\"")
                        .append(anonymous ? "person" : "handover").append("\">").append(t(lang, "handoverButton"))
                        .append("</button></p></form>");
            }
        } else if (a.handedOver()) {
            b.append("<h2 id=\"answer-heading\">").append(t(lang, "handover")).append("</h2>")
                    .append("<p>").append(text(a.answer())).append("</p>")
                    .append("<p>").append(String.format(t(lang, "reception"), Html.escape(a.receptionNumber())))
                    .append("</p>");
            if (a.followUrl() != null && isWebUrl(a.followUrl())) {
                b.append("<p>").append(t(lang, "follow")).append(" <a class=\"follow\" href=\"")
                        .append(Html.escape(a.followUrl())).append("\">").append(Html.escape(a.followUrl()))
                        .append("</a></p>");
            }
            suggestions(b, lang, a);
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

    /** The city's closest entries, in case one already helps (when the concierge was unsure). */
    private static void suggestions(StringBuilder b, String lang, ConciergeAnswer a) {
        if (!a.suggestions().isEmpty()) {
            b.append("<h3 id=\"suggestions-heading\">").append(t(lang, "suggestions")).append("</h3>")
                    .append("<ul class=\"suggestions\" aria-labelledby=\"suggestions-heading\">");
            for (ConciergeSource s : a.suggestions()) {
                b.append("<li>").append(link(s)).append("</li>");
            }
            b.append("</ul>");
        }
    }

    /** Hand the question over to a person: what it is about and, for a person not signed in, how to reach them. */
    private static String contactForm(String lang, String action, String code, String question, boolean anonymous,
                                      boolean error, String token) {
        StringBuilder b = new StringBuilder("<section class=\"contact\" aria-labelledby=\"contact-heading\">")
                .append("<h2 id=\"contact-heading\">").append(t(lang, "contactHeading")).append("</h2>")
                .append("<form method=\"post\" action=\"").append(action).append("\" accept-charset=\"UTF-8\">").append(token)
                .append(hidden("lang", lang))
                .append("<p><label for=\"handover-question\">").append(t(lang, "questionFor")).append("</label></p>")
                .append("<p><textarea id=\"handover-question\" name=\"question\" rows=\"3\" cols=\"60\" required maxlength=\"")
                .append(ConciergeQuestion.MAX_LENGTH).append("\">").append(Html.escape(question)).append("</textarea></p>");
        if (anonymous) {
            String invalid = error ? " aria-invalid=\"true\" aria-describedby=\"contact-intro question-error\"" : " aria-describedby=\"contact-intro\"";
            b.append("<p id=\"contact-intro\">").append(t(lang, "contactIntro")).append(" <a href=\"/c/").append(code)
                    .append("/login\">").append(t(lang, "signIn")).append("</a></p>")
                    .append("<p><label for=\"contact-name\">").append(t(lang, "contactName")).append("</label><br>")
                    .append("<input id=\"contact-name\" name=\"contactName\" autocomplete=\"name\" maxlength=\"100\"></p>")
                    .append("<p><label for=\"contact-email\">").append(t(lang, "contactEmail")).append("</label><br>")
                    .append("<input id=\"contact-email\" name=\"contactEmail\" type=\"email\" autocomplete=\"email\" maxlength=\"254\"")
                    .append(invalid).append("></p>")
                    .append("<p><label for=\"contact-phone\">").append(t(lang, "contactPhone")).append("</label><br>")
                    .append("<input id=\"contact-phone\" name=\"contactPhone\" type=\"tel\" autocomplete=\"tel\" maxlength=\"30\"")
                    .append(invalid).append("></p>");
        }
        return b.append("<p><button type=\"submit\" name=\"action\" value=\"handover\">").append(t(lang, "handoverButton"))
                .append("</button></p></form></section>").toString();
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value == null ? "" : value) + "\">";
    }

    private static boolean isWebUrl(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
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
