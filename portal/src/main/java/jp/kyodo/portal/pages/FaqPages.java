package jp.kyodo.portal.pages;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.agents.knowledgebase.KnowledgeArticles;
import jp.kyodo.agents.knowledgebase.KnowledgeArticles.Article;
import jp.kyodo.portal.profile.CitizenText;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.PageLanguage;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.pages.Text;

/**
 * The city's よくある質問 for everyone ({@code /c/<code>/faq}, {@code pages/faq.jte}): every published knowledge entry,
 * browsable by category and searchable with words ({@code ?q=}, a plain GET form), and one page per entry
 * ({@code /c/<code>/faq/<id>}, {@code pages/faqEntry.jte}) — the page the concierge's sources link to when the entry
 * has no page on the city's own site. The entries are the city's words in the language they were written in (marked
 * with {@code lang}); the page around them is in the page's language. A draft, a hidden or expired entry, another
 * city's entry and an unknown id are the city's not-found page; the module switch {@code agents} turns the pages off.
 */
@Path("c/{code}/faq")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class FaqPages {

    static final String QUERY = "q";

    /** One category on the page with its entries. */
    public record Group(String name, List<Article> articles) {
    }

    @Inject
    TenantContext tenant;
    @Inject
    KnowledgeArticles articles;
    @Inject
    PageLanguage language;

    @GET
    public Response list(@PathParam("code") String code, @QueryParam(QUERY) String query,
                         @QueryParam("category") String category) {
        City city = tenant.city();
        Text t = language.text(PortalPages.MESSAGES);
        FormState search = FormState.empty().value(QUERY, query == null ? "" : query);
        int status = 200;
        boolean searched = query != null && !query.isBlank();
        String inCategory = category == null ? "" : category.strip();
        List<Article> found = List.of();
        if (query != null && query.length() > KnowledgeArticles.MAX_QUERY) {
            search = search.error(QUERY, t.t("faq.search.error.long", KnowledgeArticles.MAX_QUERY, query.length()));
            status = 400;
            searched = false;
        } else if (searched || !inCategory.isEmpty()) {
            found = articles.search(query, inCategory);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("cityName", city.name());
        params.put("search", search);
        params.put("searched", searched);
        params.put("category", inCategory);
        params.put("categories", articles.categories());
        params.put("groups", groups(found));
        params.put("count", found.size());
        String title = (status == 400 ? t.plain("faq.errorTitle") + " " : "") + t.plain("faq.title") + " — " + city.name();
        return html(status, PageShell.page(t.tag(), title, city, PortalPages.TEMPLATES.content("pages/faq.jte", params), null));
    }

    @GET
    @Path("{id}")
    public Response entry(@PathParam("code") String code, @PathParam("id") String id) {
        City city = tenant.city();
        Article a = articles.article(id).orElseThrow(NotFoundException::new);
        Text t = language.text(PortalPages.MESSAGES);
        Map<String, Object> params = new HashMap<>();
        params.put("t", t);
        params.put("base", "/c/" + city.code() + "/");
        params.put("cityName", city.name());
        params.put("a", a);
        params.put("paragraphs", paragraphs(a.body()));
        params.put("updated", a.updatedAt() == null ? null : CitizenText.date(a.updatedAt(), t.tag()));
        params.put("web", web(a.sourceUrl()));
        return html(200, PageShell.page(t.tag(), a.title() + " — " + city.name(), city,
                PortalPages.TEMPLATES.content("pages/faqEntry.jte", params), null));
    }

    /** The page of a knowledge entry of the city (what a source without its own web page links to). */
    public static String entryPath(String cityCode, String entryId) {
        return "/c/" + cityCode + "/faq/" + entryId;
    }

    static List<Group> groups(List<Article> found) {
        List<Group> out = new ArrayList<>();
        for (Article a : found) {
            if (out.isEmpty() || !out.get(out.size() - 1).name().equals(a.category())) {
                out.add(new Group(a.category(), new ArrayList<>()));
            }
            out.get(out.size() - 1).articles().add(a);
        }
        return out;
    }

    /** The text's paragraphs: blank lines separate them; single line breaks stay inside one. */
    static List<String> paragraphs(String body) {
        List<String> out = new ArrayList<>();
        for (String p : (body == null ? "" : body).strip().split("\\R\\s*\\R")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    /** The address when it is a web address (anything else is not made a link). */
    static String web(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? url : null;
    }

    private static Response html(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
