package jp.kyodo.crm.applications.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.kyodo.crm.applications.ApplicationView.FileInfo;

/**
 * Exactly what a citizen signs with the My Number card: the canonical form of the application as it will be filed —
 * the city, the application, the procedure version, every answer (keys sorted) and every attached document by its
 * SHA-256 (sorted) — as UTF-8 JSON without spaces. The same application gives the same bytes; any change to an
 * answer or a document gives other bytes, so a signature over an earlier form does not verify.
 */
public final class SignedDocument {

    private SignedDocument() {
    }

    public static byte[] bytes(String cityCode, ApplicationRow row, List<FileInfo> files) {
        StringBuilder b = new StringBuilder("{\"format\":\"kyodo-application-v1\",\"city\":").append(q(cityCode))
                .append(",\"applicationId\":").append(q(row.id.toString())).append(",\"procedureId\":")
                .append(q(row.procedureId)).append(",\"procedureVersionId\":").append(q(String.valueOf(row.procedureVersionId)))
                .append(",\"applicant\":").append(q(row.applicantSubject)).append(",\"answers\":{");
        Map<String, String> answers = new TreeMap<>(ApplicationRecords.map(row.answers));
        boolean first = true;
        for (var e : answers.entrySet()) {
            b.append(first ? "" : ",").append(q(e.getKey())).append(':').append(q(e.getValue()));
            first = false;
        }
        b.append("},\"attachments\":[");
        first = true;
        for (FileInfo f : files.stream().filter(f -> "CITIZEN".equals(f.uploaderKind()))
                .sorted(Comparator.comparing(FileInfo::requirementId, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FileInfo::sha256).thenComparing(FileInfo::fileName)).toList()) {
            b.append(first ? "" : ",").append("{\"requirement\":").append(q(f.requirementId())).append(",\"fileName\":")
                    .append(q(f.fileName())).append(",\"sha256\":").append(q(f.sha256())).append('}');
            first = false;
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String sha256Hex(byte[] document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String q(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
