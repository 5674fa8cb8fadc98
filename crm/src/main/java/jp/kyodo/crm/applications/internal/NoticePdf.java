package jp.kyodo.crm.applications.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Lays out a result notice (決定通知書) on A4 pages with a Japanese font embedded as a subset: the city's name and the
 * date at the top right, the title, the text (wrapped by measured width, as Japanese has no spaces to break at) and
 * the seal text in a frame at the foot. The font is a TrueType file: Debian's {@code fonts-ipaexfont-gothic}
 * (IPAex ゴシック, IPA Font License), which {@code ./kyodo} installs, unless {@code kyodo.notices.font-file} names another.
 */
public final class NoticePdf {

    /** The notice's parts, all plain text. */
    public record Content(String city, String date, String title, String body, String seal, String receptionNumber) {
    }

    private static final float MARGIN = 56;
    private static final float SIZE = 10.5f;
    private static final float LEADING = 18;

    private NoticePdf() {
    }

    public static byte[] render(Content c, File fontFile) {
        if (fontFile == null || !fontFile.canRead()) {
            throw new IllegalStateException("the Japanese font for result notices is missing: " + fontFile
                    + " (install Debian's fonts-ipaexfont-gothic or set kyodo.notices.font-file)");
        }
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType0Font font = PDType0Font.load(doc, fontFile);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(c.title());
            info.setAuthor(c.city());
            info.setSubject(c.receptionNumber());
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            List<String> lines = new ArrayList<>();
            for (String para : c.body().split("\n", -1)) {
                lines.addAll(wrap(para, font, SIZE, width));
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDPageContentStream s = new PDPageContentStream(doc, page);
            float top = PDRectangle.A4.getHeight() - MARGIN;
            right(s, font, 10, c.receptionNumber() == null ? "" : "受付番号 " + c.receptionNumber(), top);
            right(s, font, 10, c.date(), top - 16);
            right(s, font, 12, c.city(), top - 34);
            float y = top - 90;
            float titleWidth = font.getStringWidth(c.title()) / 1000 * 16;
            text(s, font, 16, (PDRectangle.A4.getWidth() - titleWidth) / 2, y, c.title());
            y -= 40;
            for (String line : lines) {
                if (y < MARGIN + 90) {
                    s.close();
                    page = new PDPage(PDRectangle.A4);
                    doc.addPage(page);
                    s = new PDPageContentStream(doc, page);
                    y = top;
                }
                text(s, font, SIZE, MARGIN, y, line);
                y -= LEADING;
            }
            // the seal (公印) as text in a frame at the foot, right
            float sealWidth = font.getStringWidth(c.seal()) / 1000 * 12 + 24;
            float x = PDRectangle.A4.getWidth() - MARGIN - sealWidth;
            s.setLineWidth(1.2f);
            s.addRect(x, MARGIN, sealWidth, 30);
            s.stroke();
            text(s, font, 12, x + 12, MARGIN + 10, c.seal());
            s.close();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void right(PDPageContentStream s, PDType0Font font, float size, String t, float y) throws IOException {
        float w = font.getStringWidth(t) / 1000 * size;
        text(s, font, size, PDRectangle.A4.getWidth() - MARGIN - w, y, t);
    }

    private static void text(PDPageContentStream s, PDType0Font font, float size, float x, float y, String t)
            throws IOException {
        s.beginText();
        s.setFont(font, size);
        s.newLineAtOffset(x, y);
        s.showText(t);
        s.endText();
    }

    /** Breaks a paragraph into lines no wider than {@code width}, character by character. */
    static List<String> wrap(String para, PDType0Font font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float w = 0;
        for (int i = 0; i < para.length(); ) {
            int cp = para.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            float cw;
            try {
                cw = font.getStringWidth(ch) / 1000 * size;
            } catch (IllegalArgumentException e) {
                ch = "〓";
                cw = font.getStringWidth(ch) / 1000 * size;
            }
            if (w + cw > width && !line.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
                w = 0;
            }
            line.append(ch);
            w += cw;
            i += Character.charCount(cp);
        }
        out.add(line.toString());
        return out;
    }
}
