package jp.kyodo.crm.cases.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Optional;

/**
 * What a file is, by its bytes (magic numbers), never by its name or the type the browser declared; and a file name
 * made safe to store and to send back in a header.
 */
public final class FileTypes {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String TEXT = "text/plain";

    private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] JPEG_MAGIC = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    static final int NAME_MAX = 200;

    private FileTypes() {
    }

    /** The allowed content type the bytes are, or empty (anything else, e.g. an executable named .pdf). */
    public static Optional<String> detect(byte[] b) {
        if (b == null || b.length == 0) {
            return Optional.empty();
        }
        if (startsWith(b, PDF_MAGIC)) {
            return Optional.of(PDF);
        }
        if (startsWith(b, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (startsWith(b, JPEG_MAGIC)) {
            return Optional.of(JPEG);
        }
        return isUtf8Text(b) ? Optional.of(TEXT) : Optional.empty();
    }

    /**
     * Plain text: well-formed UTF-8 (a BOM is fine) with no control characters other than tab, line feed, form feed
     * and carriage return. Binary formats fail this on their first NUL byte or invalid sequence.
     */
    static boolean isUtf8Text(byte[] b) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, byte[] magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name to keep: without any directory part (browsers of old sent {@code C:\…}), NFC, without control
     * characters and the characters file systems and headers stumble on, no leading dots, at most 200 characters
     * (the extension kept). Never empty.
     */
    public static String sanitize(String name) {
        String n = name == null ? "" : name;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = Normalizer.normalize(n.substring(slash + 1), Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder();
        n.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || "<>:\"|?*;".indexOf(cp) >= 0 || Character.getType(cp) == Character.FORMAT) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        n = b.toString().strip();
        while (n.startsWith(".")) {
            n = n.substring(1);
        }
        if (n.codePointCount(0, n.length()) > NAME_MAX) {
            int dot = n.lastIndexOf('.');
            String ext = dot > 0 && n.length() - dot <= 10 ? n.substring(dot) : "";
            String stem = ext.isEmpty() ? n : n.substring(0, dot);
            stem = stem.substring(0, stem.offsetByCodePoints(0, NAME_MAX - ext.codePointCount(0, ext.length())));
            n = stem + ext;
        }
        return n.isBlank() ? "file" : n;
    }
}
