package jp.kyodo.agents.retrieval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jp.kyodo.agents.knowledgebase.DocumentFormat;

/** Plain text out of HTML/Markdown, and passages (by heading/paragraph, ≈ 400 characters) for retrieval. */
public final class DocumentText {
    private static final Pattern HTML_BLOCK = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    private static final Pattern HTML_HEADING = Pattern.compile("(?i)<h[1-6][^>]*>");
    private static final Pattern HTML_BREAK = Pattern.compile("(?i)</?(p|div|br|li|tr|h[1-6]|section|article)[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final int MAX = 400;

    /** A passage: the nearest heading above it (may be empty) and its text. */
    public record Passage(String heading, String text) {
    }

    private DocumentText() {
    }

    public static String plain(String text, DocumentFormat format) {
        return switch (format) {
            case HTML -> {
                String s = HTML_BLOCK.matcher(text).replaceAll(" ");
                s = HTML_HEADING.matcher(s).replaceAll("\n\n# ");
                s = HTML_BREAK.matcher(s).replaceAll("\n");
                s = TAG.matcher(s).replaceAll("");
                yield s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                        .replace("&#39;", "'").replace("&amp;", "&");
            }
            case MARKDOWN -> text.replaceAll("(?m)^\\s*[-*+]\\s+", "・")
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replaceAll("[*_`]{1,3}", "");
            case PLAIN -> text;
        };
    }

    public static List<Passage> passages(String text, DocumentFormat format) {
        String plain = plain(text, format).replace("\r\n", "\n");
        List<Passage> out = new ArrayList<>();
        String heading = "";
        StringBuilder cur = new StringBuilder();
        for (String line : plain.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                flush(out, heading, cur);
                heading = l.replaceFirst("^#+\\s*", "");
                continue;
            }
            if (l.isEmpty()) {
                if (cur.length() > MAX / 2) {
                    flush(out, heading, cur);
                }
                continue;
            }
            if (cur.length() + l.length() > MAX) {
                flush(out, heading, cur);
            }
            if (cur.length() > 0) {
                cur.append('\n');
            }
            cur.append(l);
        }
        flush(out, heading, cur);
        return out;
    }

    private static void flush(List<Passage> out, String heading, StringBuilder cur) {
        if (!cur.toString().isBlank()) {
            out.add(new Passage(heading, cur.toString().strip()));
        }
        cur.setLength(0);
    }
}
