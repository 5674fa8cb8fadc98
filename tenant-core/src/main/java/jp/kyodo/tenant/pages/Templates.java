package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * A module's templates ({@code src/main/jte}), precompiled into Java classes by the jte Maven plugin: nothing is
 * parsed or compiled at run time, and every {@code ${…}} is escaped for its place in the HTML (text, attribute,
 * URL, script) unless it is already {@link Content}.
 */
public final class Templates {

    private final TemplateEngine engine;
    /** The last size of each template's output: the next buffer starts at that size (no growing, no oversized buffer). */
    private final Map<String, Integer> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    private Templates(TemplateEngine engine) {
        this.engine = engine;
    }

    /** The templates precompiled into {@code packageName} (the module's jte plugin configuration) of the anchor's module. */
    public static Templates precompiled(Class<?> anchor, String packageName) {
        return new Templates(TemplateEngine.createPrecompiled(null, ContentType.Html, anchor.getClassLoader(), packageName));
    }

    /** The template rendered to a string. */
    public String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput(sizes.getOrDefault(name, 1024) + 64);
        engine.render(name, params, out);
        String html = out.toString();
        sizes.put(name, html.length());
        return html;
    }

    /** The template as content for another template (rendered when written). */
    public Content content(String name, Map<String, Object> params) {
        return output -> engine.render(name, params, output);
    }
}
