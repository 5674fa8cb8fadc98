package jp.kyodo.tenant.pages;

import gg.jte.Content;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.html.escape.Escape;
import java.util.Arrays;

/**
 * The HTML output every page is rendered into ({@link Templates#render}): jte's escaping by context, unchanged, written
 * straight into the page's character buffer (no {@code StringBuilder} checks per piece written).
 *
 * <p>jte's own output ({@link OwaspHtmlTemplateOutput}) decides for each value by its place: in an element's text
 * {@link Escape#htmlContent} (inside {@code <script>} JavaScript escaping); in an attribute nothing for an
 * {@code iframe}'s {@code srcdoc}, nothing for a {@code javascript:} or {@code data:} address in a URL attribute
 * ({@code href}, {@code src}, {@code action}, {@code formaction}), JavaScript escaping for an event handler
 * ({@code on…}), else {@link Escape#htmlAttribute}. It asks this with case-insensitive string comparisons for every value
 * written, which was ≈ 10 % of a page's render ({@code bench/pages}, JFR).
 *
 * <p>This output answers the cases where those checks cannot change the result without asking — text outside a
 * {@code <script>} (an element name of another length than six), an attribute from a fixed list of names that are no
 * URL, event-handler or {@code srcdoc} attribute, a URL attribute whose value's first character already tells that it
 * does not start with {@code javascript:} or {@code data:} ({@link #plainUrl}: {@code /c/…}, {@code ?lang=…}) — with the same
 * {@link Escape} function jte calls; every other value goes to jte's own output over the same buffer. Nothing is ever
 * written unescaped that jte would escape ({@code PageOutputTest} compares both outputs).
 */
final class PageOutput implements HtmlTemplateOutput {

    /** The page so far: {@code chars[0..length)}, UTF-16 like the page's text (no Latin-1 start to inflate). */
    private char[] chars;
    private int length;
    /** jte's output over the same buffer, for every value not answered here. */
    private final OwaspHtmlTemplateOutput jte;
    private String tag;
    private String attribute;

    /** An output writing into {@code buffer} from its start (grown when the page is longer). */
    PageOutput(char[] buffer) {
        this.chars = buffer;
        this.jte = new OwaspHtmlTemplateOutput(this);
    }

    /** The buffer as it is now (grown, perhaps), to be kept for the next page. */
    char[] buffer() {
        return chars;
    }

    /** The page written so far. */
    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    @Override
    public void setContext(String tagName, String attributeName) {
        this.tag = tagName;
        this.attribute = attributeName;
    }

    @Override
    public void writeUserContent(String value) {
        if (value == null) {
            return;
        }
        String t = tag;
        String a = attribute;
        if (t == null || a == null) {
            if (t == null || t.length() != 6) {
                // element text, not in a <script>: jte's choice without asking
                Escape.htmlContent(value, this);
                return;
            }
        } else if (plainAttribute(a) || urlAttribute(a) && plainUrl(value)) {
            Escape.htmlAttribute(value, this);
            return;
        }
        jte.setContext(t, a);
        jte.writeUserContent(value);
    }

    @Override
    public void writeUserContent(Content content) {
        if (content == null) {
            return;
        }
        if (tag != null && attribute != null) {
            // content in an attribute: jte renders it to a string and escapes that for the attribute
            jte.setContext(tag, attribute);
            jte.writeUserContent(content);
        } else {
            content.writeTo(this);
        }
    }

    @Override
    public void writeContent(String value) {
        String v = value == null ? "null" : value; // as StringBuilder.append (jte's StringOutput) writes it
        int end = length + v.length();
        if (end > chars.length) {
            grow(end);
        }
        v.getChars(0, v.length(), chars, length);
        length = end;
    }

    @Override
    public void writeContent(String value, int beginIndex, int endIndex) {
        int end = length + (endIndex - beginIndex);
        if (end > chars.length) {
            grow(end);
        }
        value.getChars(beginIndex, endIndex, chars, length);
        length = end;
    }

    private void grow(int atLeast) {
        chars = Arrays.copyOf(chars, Math.max(atLeast, chars.length * 2));
    }

    /**
     * An attribute jte escapes with {@link Escape#htmlAttribute} whatever its element and value: none of these names
     * starts with {@code on} or is {@code href}, {@code src}, {@code action}, {@code formaction} or {@code srcdoc}. Names
     * as the templates write them (jte passes them as written); any other spelling goes to jte.
     */
    static boolean plainAttribute(String name) {
        if (name.startsWith("data-") || name.startsWith("aria-")) {
            return true;
        }
        return switch (name) {
            case "lang", "hreflang", "class", "id", "name", "value", "type", "for", "title", "alt", "rel",
                 "autocomplete", "inputmode", "rows", "cols", "accept", "enctype", "method", "placeholder", "scope",
                 "role", "colspan", "rowspan", "headers", "datetime", "maxlength", "min", "max", "step", "spellcheck",
                 "height", "width", "tabindex", "dir", "viewBox", "x", "y" -> true;
            default -> false;
        };
    }

    /** The URL attributes jte guards against {@code javascript:} and {@code data:} addresses (on some elements). */
    static boolean urlAttribute(String name) {
        return switch (name) {
            case "href", "src", "action", "formaction" -> true;
            default -> false;
        };
    }

    /**
     * A value for which jte's check — does it start with {@code javascript:} or {@code data:}, ignoring case, leading white
     * space and control characters — is false at its first character: that character is not skipped by the check
     * (above a space and no white space) and, lower-cased as jte does, is neither {@code j} nor {@code d}. Addresses as
     * the pages write them ({@code /c/…}, {@code ?lang=…}, {@code #main}, a reception number after {@code staff/cases/}).
     */
    static boolean plainUrl(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char c = value.charAt(0);
        if (c <= ' ' || Character.isWhitespace(c)) {
            return false;
        }
        char lower = Character.toLowerCase(c);
        return lower != 'j' && lower != 'd';
    }
}
