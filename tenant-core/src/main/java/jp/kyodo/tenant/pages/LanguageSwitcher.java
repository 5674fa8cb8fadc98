package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import jp.kyodo.tenant.pages.templates.frame.JtelanguagesGenerated;

/**
 * The frame's language switcher ({@code frame/languages.jte}): the six languages, each a link to the page's own
 * address with {@code ?lang=}, the page's own language marked as current. What it shows depends only on the page's
 * language and that address, so it is rendered through its template once per language and address (escaped by context
 * as every template, into the same {@link PageOutput}) and the finished markup is written into each later page as it
 * is. A render of the six links costs about as much as the rest of a small page's frame (the profile of my page,
 * docs/pages.md).
 *
 * <p>Bounded: at most {@link #MAX_ADDRESSES} addresses per language are kept (the addresses hold city codes and record
 * ids, and an unknown path gets a 404 page with a switcher too); when a language's map is full it is emptied and filled
 * again. A kept switcher is about 450 characters (UTF-16: the names in their own scripts), so the six languages hold at
 * most about 7 MB. An address longer than {@link #MAX_ADDRESS_LENGTH} characters, or a language not in the switcher,
 * is rendered every time and not kept. A page at an address not kept costs what it cost before (the render) plus one
 * map insert.
 */
final class LanguageSwitcher {

    static final int MAX_ADDRESSES = 1024;
    static final int MAX_ADDRESS_LENGTH = 200;

    /** The switcher's tags, HTML {@code lang} values and names, in its order: the same for every page. */
    private static final String[] TAGS = Languages.TAGS.toArray(String[]::new);
    private static final String[] LANGS = Languages.TAGS.stream().map(Languages::htmlLang).toArray(String[]::new);
    private static final String[] NAMES = Languages.TAGS.stream().map(Languages::nativeName).toArray(String[]::new);

    /** The switchers rendered so far, per page language (index in {@link #TAGS}), by address ({@code <path>?lang=}). */
    private static final List<ConcurrentHashMap<String, Rendered>> RENDERED = new ArrayList<>();

    static {
        for (int i = 0; i < TAGS.length; i++) {
            RENDERED.add(new ConcurrentHashMap<>());
        }
    }

    private LanguageSwitcher() {
    }

    /**
     * The switcher of a page in language {@code tag} whose links are {@code switchBase + <tag>} (the page's path and
     * {@code ?lang=}).
     */
    static Content of(String tag, String switchBase) {
        int current = indexOf(tag);
        if (current < 0 || switchBase.length() > MAX_ADDRESS_LENGTH) {
            return render(tag, switchBase);
        }
        ConcurrentHashMap<String, Rendered> rendered = RENDERED.get(current);
        Rendered r = rendered.get(switchBase);
        if (r == null) {
            r = render(tag, switchBase);
            if (rendered.size() >= MAX_ADDRESSES) {
                rendered.clear();
            }
            rendered.put(switchBase, r);
        }
        return r;
    }

    /** The switcher rendered through its template now, not kept. */
    static Rendered render(String tag, String switchBase) {
        List<Frame.LanguageLink> links = new ArrayList<>(TAGS.length);
        for (int i = 0; i < TAGS.length; i++) {
            links.add(new Frame.LanguageLink(TAGS[i], LANGS[i], NAMES[i], switchBase + TAGS[i], TAGS[i].equals(tag)));
        }
        Text t = PageShell.FRAME.in(tag);
        return new Rendered(PageShell.TEMPLATES.render(out -> JtelanguagesGenerated.render(out, null, t, links)));
    }

    /** How many switchers are kept for a page language (tests). */
    static int kept(String tag) {
        int i = indexOf(tag);
        return i < 0 ? 0 : RENDERED.get(i).size();
    }

    private static int indexOf(String tag) {
        for (int i = 0; i < TAGS.length; i++) {
            if (TAGS[i].equals(tag)) {
                return i;
            }
        }
        return -1;
    }

    /** The markup the switcher's template rendered, written into a page as it is. */
    record Rendered(String html) implements Content {
        @Override
        public void writeTo(TemplateOutput output) {
            output.writeContent(html);
        }
    }
}
