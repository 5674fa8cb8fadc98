package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.html.HtmlTemplateOutput;
import java.util.Map;

/**
 * A module's templates ({@code src/main/jte}), precompiled into Java classes by the jte Maven plugin: nothing is
 * parsed or compiled at run time, and every {@code ${…}} is escaped for its place in the HTML (text, attribute,
 * URL, script) unless it is already {@link Content}.
 */
public final class Templates {

    private final TemplateEngine engine;

    private Templates(TemplateEngine engine) {
        this.engine = engine;
    }

    /** The templates precompiled into {@code packageName} (the module's jte plugin configuration) of the anchor's module. */
    public static Templates precompiled(Class<?> anchor, String packageName) {
        return new Templates(TemplateEngine.createPrecompiled(null, ContentType.Html, anchor.getClassLoader(), packageName));
    }

    /**
     * The template rendered to a string, escaped by context ({@link PageOutput}: jte's escaping), in this thread's page
     * buffer: the buffer is kept between pages (no new buffer to allocate, fill with zeros and grow for each page), and
     * holds the text as UTF-16 characters from the start (a page of Japanese text in a {@code StringBuilder} would be
     * copied from Latin-1 into UTF-16 at its first kanji). Only the finished page is copied out.
     */
    public String render(String name, Map<String, Object> params) {
        return render(out -> engine.render(name, params, out));
    }

    /**
     * A precompiled template called directly ({@code out -> JtexGenerated.render(out, null, …)}: no parameter map, no
     * lookup by name, no reflective call), rendered to a string like {@link #render(String, Map)}.
     */
    String render(java.util.function.Consumer<HtmlTemplateOutput> template) {
        char[][] kept = BUFFER.get();
        char[] buffer = kept[0];
        kept[0] = null; // a page rendered while this one is being rendered on the thread gets a buffer of its own
        PageOutput out = new PageOutput(buffer == null ? new char[16 * 1024] : buffer);
        try {
            template.accept(out);
            return out.toString();
        } finally {
            if (out.buffer().length <= KEEP_AT_MOST) {
                kept[0] = out.buffer();
            }
        }
    }

    /**
     * This thread's page buffer (a JDK array, so that a pooled server thread does not hold the application's class
     * loader); a buffer grown past {@link #KEEP_AT_MOST} characters by a rare huge page is not kept.
     */
    private static final ThreadLocal<char[][]> BUFFER = ThreadLocal.withInitial(() -> new char[1][]);
    private static final int KEEP_AT_MOST = 64 * 1024;

    /** The template as content for another template (rendered when written). */
    public Content content(String name, Map<String, Object> params) {
        return output -> engine.render(name, params, output);
    }
}
