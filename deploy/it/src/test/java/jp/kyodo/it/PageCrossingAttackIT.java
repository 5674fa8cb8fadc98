package jp.kyodo.it;

import static jp.kyodo.it.Platform.TEST_PASSWORD;
import static jp.kyodo.it.Platform.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attack suite for pages (the trust lesson of wave 1: "every endpoint, page, import and job gets a test that tries
 * to cross a city, a person or a role"). The API has its matrix in {@link TenantIsolationIT}; pages have no document
 * that lists them, so this test finds them as people do: it signs in to city A as its administrator, a member of staff,
 * an operator and a citizen, and follows every link of the city's pages (breadth first, a few addresses of each shape).
 * Then every address found is requested by those who must not see what it shows:
 * <ul>
 *   <li>the administrator of city B, signed in to B, on A's address and on the same address in B's city (A's ids
 *       under {@code /c/B/}): nothing private of A, and an address holding one of A's ids is refused;</li>
 *   <li>A's citizen on the staff's and administrator's pages of A: refused, nothing staff-only;</li>
 *   <li>another citizen of A on the first citizen's pages: nothing of the first citizen, their ids refused;</li>
 *   <li>a visitor who is signed in nowhere: nothing private.</li>
 * </ul>
 * "Private" is marked: {@link TestCity} fills A with records carrying a canary, and each record's text says whose it is
 * (the citizen's name and address, an operator's call notes, an unpublished notice). The legitimate crawl must find each
 * marker on some page — so the markers are shown to be visible where they belong, and their absence elsewhere means
 * something.
 */
@ExtendWith(ArquillianExtension.class)
class PageCrossingAttackIT {

    /** Addresses of one shape (ids and numbers replaced) visited per role: enough to reach every page once. */
    static final int PER_SHAPE = 4;
    static final int PER_ROLE = 240;
    static final Pattern HREF = Pattern.compile("href=\"([^\"#]+)[^\"]*\"");
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Platform.application();
    }

    @Test
    void noPageOfOneCityOrPersonShowsItselfToAnotherCityRoleOrPerson() throws Exception {
        String other = "it-citizen2-" + Long.toHexString(System.nanoTime());
        try (TestCity a = TestCity.create("452017"); TestCity b = TestCity.create("362018")) {
            // the citizen's own records, the staff's records, and what only the city's staff and administrator see
            Map<String, String> citizensOwn = citizensOwn(a);
            Map<String, String> staffOnly = staffOnly(a);
            Map<String, String> privateOfA = privateOf(a);

            Map<String, Map<String, String>> found = new LinkedHashMap<>();
            found.put("admin", crawl(signedIn(a.code, a.admin, "admin"), a.code, "admin"));
            found.put("staff", crawl(signedIn(a.code, a.staff, "staff"), a.code, "staff"));
            found.put("operator", crawl(signedIn(a.code, a.operator, "staff"), a.code, "staff"));
            found.put("citizen", crawl(signedIn(a.code, a.citizen, "me"), a.code, "me"));
            found.forEach((role, pages) -> System.out.println("[pages] A's " + role + ": " + pages.size() + " pages"));

            // the markers are visible where they belong: staff see both kinds, the citizen their own
            List<String> problems = new ArrayList<>();
            privateOfA.forEach((what, marker) -> {
                if (found.get("staff").values().stream().noneMatch(body -> body.contains(marker))
                        && found.get("admin").values().stream().noneMatch(body -> body.contains(marker))) {
                    problems.add("no page of A's staff or administrator shows " + what + " (" + marker + ")");
                }
            });
            citizensOwn.forEach((what, marker) -> {
                if (found.get("citizen").values().stream().noneMatch(body -> body.contains(marker))) {
                    problems.add("no page of A's citizen shows " + what + " (" + marker + ")");
                }
            });
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));

            Set<String> every = new LinkedHashSet<>();
            found.values().forEach(pages -> every.addAll(pages.keySet()));
            Set<String> idsOfA = new LinkedHashSet<>();
            every.forEach(u -> ids(u).forEach(idsOfA::add));
            int requests = 0;

            // 1. B's administrator, signed in to B: A's pages, and A's ids under B's address
            WebSignInIT.Browser adminOfB = signedIn(b.code, b.admin, "admin");
            for (String u : every) {
                requests += 2;
                check(problems, "B's administrator", adminOfB, u, privateOfA, false);
                String inB = u.replace("/c/" + a.code + "/", "/c/" + b.code + "/");
                check(problems, "B's administrator (A's ids in B)", adminOfB, inB, privateOfA, !ids(u).isEmpty());
            }

            // 2. A's citizen on the pages of A's staff and administrator
            WebSignInIT.Browser citizen = signedIn(a.code, a.citizen, "me");
            Set<String> staffPages = new LinkedHashSet<>();
            for (String role : List.of("admin", "staff", "operator")) {
                found.get(role).keySet().stream().filter(u -> u.contains("/c/" + a.code + "/staff")
                        || u.contains("/c/" + a.code + "/admin")).forEach(staffPages::add);
            }
            assertTrue(staffPages.size() >= 10, () -> "the crawl found A's staff and admin pages: " + staffPages);
            for (String u : staffPages) {
                requests++;
                HttpResponse<String> r = citizen.get(u);
                if (citizen.url.equals(u) && r.statusCode() < 400) {
                    problems.add("A's citizen opened " + u + " (" + r.statusCode() + ")");
                }
                staffOnly.forEach((what, marker) -> {
                    if (r.body().contains(marker)) {
                        problems.add("A's citizen saw " + what + " at " + u);
                    }
                });
            }

            // 3. another citizen of A on the first citizen's pages
            var opened = call("POST", "/api/v1/members", a.adminToken(), Json.createObjectBuilder().add("username", other)
                    .add("familyName", "別人").add("givenName", "citizen").add("email", other + "@example.jp")
                    .add("role", "citizen").add("password", TEST_PASSWORD).add("temporaryPassword", false).build().toString());
            assertEquals(201, opened.status(), opened::toString);
            WebSignInIT.Browser anotherCitizen = signedIn(a.code, other, "me");
            Set<String> citizensIds = new LinkedHashSet<>();
            for (List<String> l : List.of(a.caseIds, a.householdIds, a.messageIds, a.attachmentIds, a.applicationIds,
                    a.applicationFileIds, a.lifeEventBundleIds)) {
                citizensIds.addAll(l);
            }
            long theirs = 0;
            for (String u : found.get("citizen").keySet()) {
                requests++;
                boolean holdsTheirs = ids(u).stream().anyMatch(citizensIds::contains);
                theirs += holdsTheirs ? 1 : 0;
                check(problems, "another citizen of A", anotherCitizen, u, privateOfA, holdsTheirs);
            }
            long theirsFound = theirs;
            assertTrue(theirsFound >= 2, () -> "the citizen's crawl found pages of their own records: " + found.get("citizen").keySet());

            // 4. a visitor signed in nowhere
            WebSignInIT.Browser visitor = new WebSignInIT.Browser();
            for (String u : every) {
                requests++;
                check(problems, "a visitor", visitor, u, privateOfA, false);
            }
            System.out.println("[pages] crossing matrix: " + every.size() + " addresses, " + idsOfA.size()
                    + " ids of A, " + requests + " requests, " + problems.size() + " problems");
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        } finally {
            Identities.deleteUser(other);
        }
    }

    /**
     * The platform's own pages (the vendor console, the national statistics) are found the same way, by crawling them
     * as the vendor and as a national analyst. What a city keeps private shows on none of them (national staff see
     * counts, never a person; the vendor runs cities, not their residents' cases), and none opens to a city's
     * administrator, staff, operator or citizen, nor the analyst to the vendor's pages, nor to a visitor.
     */
    @Test
    void noPlatformPageShowsACitysPeopleOrOpensToACityRole() throws Exception {
        try (TestCity a = TestCity.create("372013")) {
            Map<String, String> privateOfA = privateOf(a);
            Map<String, Map<String, String>> found = new LinkedHashMap<>();
            found.put("vendor", crawl(signedInAt("/vendor/", "vendor", Platform.DEMO_PASSWORD), "/vendor/",
                    List.of("/vendor/?q=" + a.code, "/vendor/", "/vendor/usage", "/vendor/batches/new")));
            found.put("analyst", crawl(signedInAt("/national/", "analyst", Platform.DEMO_PASSWORD), "/national/",
                    List.of("/national/")));
            found.forEach((role, pages) -> System.out.println("[pages] platform, " + role + ": " + pages.size() + " pages"));
            assertTrue(found.get("vendor").size() >= 5, () -> "the crawl found the vendor's pages: " + found.get("vendor").keySet());
            assertTrue(found.get("vendor").keySet().stream().anyMatch(u -> u.contains(a.code)),
                    () -> "the vendor's pages list the test city: " + found.get("vendor").keySet());
            assertTrue(found.get("analyst").values().stream().anyMatch(body -> body.contains("高松市")),
                    "the national page counts the test city");

            List<String> problems = new ArrayList<>();
            found.forEach((role, pages) -> pages.forEach((u, body) -> privateOfA.forEach((what, marker) -> {
                if (body.contains(marker)) {
                    problems.add("the " + role + " saw " + what + " of a city at " + u);
                }
            })));
            int requests = 0;
            Map<String, WebSignInIT.Browser> cityRoles = new LinkedHashMap<>();
            cityRoles.put("A's administrator", signedIn(a.code, a.admin, "admin"));
            cityRoles.put("A's staff", signedIn(a.code, a.staff, "staff"));
            cityRoles.put("A's operator", signedIn(a.code, a.operator, "staff"));
            cityRoles.put("A's citizen", signedIn(a.code, a.citizen, "me"));
            cityRoles.put("a visitor", new WebSignInIT.Browser());
            for (Map<String, String> pages : found.values()) {
                for (String u : pages.keySet()) {
                    for (var who : cityRoles.entrySet()) {
                        requests++;
                        check(problems, who.getKey(), who.getValue(), u, privateOfA, true);
                    }
                }
            }
            WebSignInIT.Browser analyst = signedInAt("/national/", "analyst", Platform.DEMO_PASSWORD);
            for (String u : found.get("vendor").keySet()) {
                requests++;
                check(problems, "a national analyst", analyst, u, privateOfA, true);
            }
            System.out.println("[pages] platform matrix: " + found.values().stream().mapToInt(Map::size).sum()
                    + " addresses, " + requests + " requests, " + problems.size() + " problems");
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }
    }

    /** What the city's citizen keeps to themself (TestCity fills these): each marker says whose it is. */
    static Map<String, String> citizensOwn(TestCity a) {
        return Map.of("the citizen's name", "試験 " + a.canary,
                "the citizen's address on an application", "試験町1-2-3 " + a.canary,
                "the citizen's inquiry", "書類を添付します " + a.canary);
    }

    /** What only the city's staff and administrator see. */
    static Map<String, String> staffOnly(TestCity a) {
        return Map.of("an operator's call notes", "通話メモ " + a.canary, "an unpublished notice", a.canary + " notice 1");
    }

    static Map<String, String> privateOf(TestCity a) {
        Map<String, String> all = new LinkedHashMap<>(citizensOwn(a));
        all.putAll(staffOnly(a));
        return all;
    }

    /** A browser signed in at a platform page ({@code /vendor/}, {@code /national/}) through Keycloak. */
    static WebSignInIT.Browser signedInAt(String path, String username, String password) throws Exception {
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        String page = Platform.base() + path;
        var shown = b.signIn(b.get(page), username, password);
        assertEquals(200, shown.statusCode(), () -> username + " signing in: " + b.url + " " + shown.body());
        assertTrue(b.url.startsWith(page), () -> username + " is back on " + page + ": " + b.url);
        return b;
    }

    /**
     * Requests the address as this person: never a server error, never a private marker of A; with {@code refused},
     * the answer must be a refusal (4xx, or the sign-in it was sent to instead of the page).
     */
    static void check(List<String> problems, String who, WebSignInIT.Browser browser, String u, Map<String, String> markers,
                      boolean refused) throws Exception {
        HttpResponse<String> r = browser.get(u);
        if (r.statusCode() >= 500) {
            problems.add(who + ": " + u + " answered " + r.statusCode());
        }
        markers.forEach((what, marker) -> {
            if (r.body().contains(marker)) {
                problems.add(who + " saw " + what + " at " + u + " (shown at " + browser.url + ")");
            }
        });
        if (refused && browser.url.equals(u) && r.statusCode() < 400) {
            problems.add(who + " opened " + u + ", which must refuse them (" + r.statusCode() + ")");
        }
    }

    /** A browser signed in to the city as this person, through the city's page at {@code start} and Keycloak. */
    static WebSignInIT.Browser signedIn(String code, String username, String start) throws Exception {
        WebSignInIT.Browser b = new WebSignInIT.Browser();
        String page = Platform.base() + "/c/" + code + "/" + start;
        var shown = b.signIn(b.get(page), username, TEST_PASSWORD);
        assertEquals(200, shown.statusCode(), () -> username + " signing in: " + b.url + " " + shown.body());
        assertTrue(b.url.startsWith(page), () -> username + " is back on " + page + ": " + b.url);
        return b;
    }

    /**
     * Follows the links of the city's pages from its start page and its home, breadth first: addresses under
     * {@code /c/<code>/} only (no sign-in or sign-out, no other language of the same page), at most
     * {@link #PER_SHAPE} of one shape. Returns each page answered 200 with its body.
     */
    static Map<String, String> crawl(WebSignInIT.Browser b, String code, String start) throws Exception {
        String city = "/c/" + code + "/";
        return crawl(b, city, List.of(city + start, city));
    }

    /** Follows links as {@link #crawl(WebSignInIT.Browser, String, String)} does, within addresses under {@code scope}. */
    static Map<String, String> crawl(WebSignInIT.Browser b, String scope, List<String> starts) throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(starts.stream().map(s -> Platform.base() + s).toList());
        seen.addAll(queue);
        while (!queue.isEmpty() && pages.size() < PER_ROLE) {
            String u = queue.poll();
            HttpResponse<String> r = b.get(u);
            if (r.statusCode() != 200 || !b.url.equals(u)) {
                continue;
            }
            pages.put(u, r.body());
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/html")) {
                continue;
            }
            Matcher m = HREF.matcher(r.body());
            while (m.find()) {
                String link = m.group(1).replace("&amp;", "&");
                String next;
                try {
                    next = URI.create(u).resolve(link).toString();
                } catch (IllegalArgumentException e) {
                    continue;
                }
                String path = next.startsWith(Platform.base()) ? next.substring(Platform.base().length()) : "";
                if (!path.startsWith(scope) || path.contains("lang=") || path.contains("/login") || path.contains("/join")
                        || path.contains("logout") || path.contains("/assets/") || !seen.add(next)) {
                    continue;
                }
                String shape = path.replaceAll(UUID.pattern(), "{id}").replaceAll("\\d+", "{n}");
                if (shapes.merge(shape, 1, Integer::sum) <= PER_SHAPE) {
                    queue.add(next);
                }
            }
        }
        return pages;
    }

    static List<String> ids(String u) {
        List<String> ids = new ArrayList<>();
        Matcher m = UUID.matcher(u);
        while (m.find()) {
            ids.add(m.group());
        }
        return ids;
    }
}
