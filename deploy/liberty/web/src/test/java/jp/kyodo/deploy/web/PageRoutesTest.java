package jp.kyodo.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pages' class-level {@code @Path}s (docs/capacity.md "RESTEasy's matching of city paths"). The city pages are
 * grouped by area (e.g. {@code c/{code}/me/applications}) so that RESTEasy matches a {@code /c/<code>/…} request
 * against the few methods of its area instead of the regular expressions of every page method. Jakarta REST matches
 * the root resource class first (spec 3.7.2, step 2: the class template with the most literal characters wins) and
 * then only that class's methods: a page method is reachable only if, for its own URLs, its class wins. This test
 * checks that for every page method of {@link KyodoPages}, with a sample URL made from its template, and that every
 * URL under {@code /c/<code>/} still has the template it had before (class path + method path).
 */
class PageRoutesTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\s*(\\w[\\w.-]*)\\s*(?::\\s*([^{}]*(?:\\{[^{}]*}[^{}]*)*))?}");

    record Route(Class<?> resource, Method method, String template, String url) { }

    /** Every resource method of the pages: class path + method path, and a URL made from that template. */
    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : new KyodoPages().getClasses()) {
            Path classPath = c.getAnnotation(Path.class);
            if (classPath == null) {
                continue; // a filter or provider
            }
            for (Method m : c.getMethods()) {
                if (!isResourceMethod(m)) {
                    continue;
                }
                Path methodPath = m.getAnnotation(Path.class);
                String template = join(classPath.value(), methodPath == null ? "" : methodPath.value());
                routes.add(new Route(c, m, template, sample(template)));
            }
        }
        return routes;
    }

    static boolean isResourceMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    static String join(String a, String b) {
        String s = strip(a) + "/" + strip(b);
        return strip(s);
    }

    static String strip(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** A URL path for a template: each variable by a value its regular expression accepts. */
    static String sample(String template) {
        Matcher v = VARIABLE.matcher(template);
        StringBuilder b = new StringBuilder("/");
        int n = 0;
        while (v.find()) {
            String regex = v.group(2);
            String value = regex == null ? "v" + (++n) : regex.split("\\|")[0].trim();
            assertTrue(regex == null || value.matches(regex.trim()), template + ": no sample for " + regex);
            v.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        v.appendTail(b);
        return b.toString();
    }

    /** The regular expression of a class template (spec 3.7.3), with the final capturing group for the rest. */
    static Pattern classRegex(String template) {
        StringBuilder b = new StringBuilder();
        Matcher v = VARIABLE.matcher(strip(template));
        int last = 0;
        while (v.find()) {
            b.append(Pattern.quote(strip(template).substring(last, v.start())));
            b.append('(').append(v.group(2) == null ? "[^/]+" : v.group(2).trim()).append(')');
            last = v.end();
        }
        b.append(Pattern.quote(strip(template).substring(last)));
        String head = b.toString();
        return Pattern.compile((head.isEmpty() || head.equals("\\Q\\E") ? "" : "/" + head) + "(/.*)?");
    }

    static int literalCharacters(String template) {
        return VARIABLE.matcher(strip(template)).replaceAll("").length();
    }

    static int variables(String template) {
        return (int) VARIABLE.matcher(template).results().count();
    }

    static int regexVariables(String template) {
        return (int) VARIABLE.matcher(template).results().filter(r -> r.group(2) != null).count();
    }

    /** Spec 3.7.2 step 2: the class templates that match, most literal characters first, then most variables. */
    static String winningClassTemplate(String url, List<String> classTemplates) {
        return classTemplates.stream()
                .filter(t -> classRegex(t).matcher(url).matches())
                .sorted(Comparator.comparingInt(PageRoutesTest::literalCharacters).reversed()
                        .thenComparing(Comparator.comparingInt(PageRoutesTest::variables).reversed())
                        .thenComparing(Comparator.comparingInt(PageRoutesTest::regexVariables).reversed()))
                .findFirst().orElse(null);
    }

    @Test
    void everyPageIsReachedThroughItsOwnClass() {
        List<String> classTemplates = new KyodoPages().getClasses().stream()
                .map(c -> c.getAnnotation(Path.class)).filter(p -> p != null).map(p -> strip(p.value()))
                .distinct().toList();
        List<String> lost = new ArrayList<>();
        List<Route> routes = routes();
        assertTrue(routes.size() > 100, "the page methods were not found: " + routes.size());
        for (Route r : routes) {
            String own = strip(r.resource().getAnnotation(Path.class).value());
            String winner = winningClassTemplate(r.url(), classTemplates);
            if (!own.equals(winner)) {
                lost.add(r.method().getDeclaringClass().getSimpleName() + "." + r.method().getName() + " " + r.url()
                        + " goes to the classes at \"" + winner + "\", not \"" + own + "\"");
            }
        }
        assertEquals(List.of(), lost, "page methods another class's @Path hides");
    }

    @Test
    void cityPagesAreGroupedByArea() {
        // the requests of one area meet at most this many method expressions in RESTEasy's matching
        Map<String, List<Route>> byClassPath = routes().stream()
                .filter(r -> r.template().startsWith("c/"))
                .collect(Collectors.groupingBy(r -> strip(r.resource().getAnnotation(Path.class).value()),
                        TreeMap::new, Collectors.toList()));
        for (var e : byClassPath.entrySet()) {
            assertTrue(e.getValue().size() <= 40, e.getKey() + ": " + e.getValue().size() + " methods in one group");
        }
        assertTrue(byClassPath.size() >= 10, "the city pages are not grouped by area: " + byClassPath.keySet());
    }
}
