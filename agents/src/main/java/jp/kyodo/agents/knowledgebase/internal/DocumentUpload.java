package jp.kyodo.agents.knowledgebase.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import jp.kyodo.agents.knowledgebase.DocumentFormat;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of an uploaded document: UTF-8 plain text, Markdown or HTML as it is, a PDF's text via Apache PDFBox.
 * Anything else (images, Word or Excel files, other binary content) is refused with a message for the editor.
 */
public final class DocumentUpload {

    public record Extracted(String title, String text, DocumentFormat format) {
    }

    private DocumentUpload() {
    }

    public static Extracted extract(String filename, String contentType, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("ファイルが空です。");
        }
        String name = filename == null ? "" : filename.strip();
        String lower = name.toLowerCase(Locale.ROOT);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String title = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        if (isPdf(bytes)) {
            return new Extracted(title, pdfText(bytes), DocumentFormat.PLAIN);
        }
        if (looksBinary(bytes)) {
            throw new IllegalArgumentException("「" + (name.isEmpty() ? "このファイル" : name)
                    + "」は文字のファイルではありません。登録できるのは PDF、テキスト（.txt）、Markdown（.md）、HTML（.html）です。");
        }
        String text = utf8(bytes);
        if (text == null) {
            throw new IllegalArgumentException("文字コードが UTF-8 ではありません。UTF-8 で保存し直してください。");
        }
        text = text.replace("\uFEFF", "");
        DocumentFormat format = lower.endsWith(".md") || lower.endsWith(".markdown") || type.contains("markdown")
                ? DocumentFormat.MARKDOWN
                : lower.endsWith(".html") || lower.endsWith(".htm") || type.contains("html") ? DocumentFormat.HTML
                : DocumentFormat.PLAIN;
        if (!(lower.endsWith(".txt") || lower.endsWith(".md") || lower.endsWith(".markdown") || lower.endsWith(".html")
                || lower.endsWith(".htm") || lower.isEmpty() || type.startsWith("text/"))) {
            throw new IllegalArgumentException("「" + name
                    + "」の形式には対応していません。登録できるのは PDF、テキスト（.txt）、Markdown（.md）、HTML（.html）です。");
        }
        return new Extracted(title, text, format);
    }

    public static boolean isPdf(byte[] b) {
        return b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
    }

    /** NUL bytes or well-known binary signatures (ZIP/Office, images, old Office) in the first 8 KiB. */
    public static boolean looksBinary(byte[] b) {
        if (b.length >= 4 && ((b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4)
                || ((b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G')
                || ((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8)
                || ((b[0] & 0xff) == 0xD0 && (b[1] & 0xff) == 0xCF && (b[2] & 0xff) == 0x11)
                || (b[0] == 'G' && b[1] == 'I' && b[2] == 'F'))) {
            return true;
        }
        if (isPdf(b)) {
            return true;
        }
        boolean utf16 = b.length >= 2 && (((b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE)
                || ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF));
        if (utf16) {
            return false;
        }
        int n = Math.min(b.length, 8192);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String pdfText(byte[] bytes) {
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            if (doc.isEncrypted()) {
                throw new IllegalArgumentException("暗号化されたPDFは読み込めません。保護を外してから登録してください。");
            }
            String text = new PDFTextStripper().getText(doc);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(
                        "このPDFには文字の情報がありません（画像だけのPDFなど）。文字を含むPDFかテキストで登録してください。");
            }
            return text.strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("PDFを読み込めません（壊れているか、PDFではありません）。");
        }
    }
}
