package jp.kyodo.crm.cases;

import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A stored file with its bytes, for a download. */
public record AttachmentFile(String fileName, String contentType, String sha256, byte[] bytes) {

    /**
     * The download answer: always {@code attachment} (never shown inline), the RFC 5987 {@code filename*} in UTF-8 with
     * an ASCII fallback, the type detected at upload, no sniffing and no caching.
     */
    public Response response() {
        String type = contentType.startsWith("text/") ? contentType + "; charset=UTF-8" : contentType;
        return Response.ok(bytes).type(type).header("Content-Disposition", contentDisposition(fileName))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "private, no-store")
                .header("Content-Length", bytes.length).build();
    }

    static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
