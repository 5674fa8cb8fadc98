package jp.kyodo.crm.cases;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.EntityPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.crm.cases.internal.FileTypes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that says which files a message may carry (添付ファイルの条件): at most
 * {@code kyodo.attachments.max-files} files (3) of at most {@code kyodo.attachments.max-file-bytes} each (5 MB), each
 * a PDF, JPEG, PNG or UTF-8 plain text file as its bytes show (not its name or declared type), none empty.
 *
 * <p>Files are read through a capped stream: at most limit + 1 bytes are kept; the rest of an oversized file is only
 * counted (to tell the person its size), and the request itself is bounded before it is read (the API's
 * {@code BodyLimitFilter}, the pages' {@code UploadLimit}: files × limit + 1 MiB).
 */
@ApplicationScoped
public class AttachmentRules {

    /** Parts of a form carrying files have this name. */
    public static final String FILE_FIELD = "file";
    public static final long DEFAULT_MAX_FILE_BYTES = 5L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 3;
    static final int TEXT_FIELD_MAX = 64 * 1024;

    @Inject
    @ConfigProperty(name = "kyodo.attachments.max-file-bytes", defaultValue = "5242880")
    long maxFileBytes;
    @Inject
    @ConfigProperty(name = "kyodo.attachments.max-files", defaultValue = "3")
    int maxFiles;

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public int maxFiles() {
        return maxFiles;
    }

    /** The text fields and the files of a {@code multipart/form-data} body; never refuses (see {@link #check}). */
    public record Form(Map<String, String> fields, List<Upload> files) {
        public String field(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    /** A file that passed every rule: what is stored (also by the applications package). */
    public record CheckedFile(String fileName, String contentType, String sha256, byte[] bytes) {
    }

    /**
     * Reads a multipart form: text parts as UTF-8 (64 KiB each at most), parts with a file name (or named
     * {@value #FILE_FIELD}) as uploads through the cap. An empty file input (no name, no bytes) is no file.
     */
    public Form readForm(List<EntityPart> parts) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Upload> files = new ArrayList<>();
        for (EntityPart p : parts == null ? List.<EntityPart>of() : parts) {
            try (InputStream in = p.getContent()) {
                if (p.getFileName().isPresent() || FILE_FIELD.equals(p.getName())) {
                    String name = p.getFileName().orElse("");
                    // beyond the allowed count only the size is taken: nothing more is kept in memory
                    Upload u = files.size() < maxFiles ? read(name, in, maxFileBytes) : read(name, in, -1);
                    if (!(name.isBlank() && u.size() == 0)) {
                        files.add(u);
                    }
                } else if (!fields.containsKey(p.getName())) {
                    byte[] b = in.readNBytes(TEXT_FIELD_MAX);
                    in.transferTo(OutputStream.nullOutputStream());
                    fields.put(p.getName(), new String(b, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Form(fields, files);
    }

    /**
     * Reads a page form: from the Jakarta REST parts when the runtime handed them over, else from the servlet request
     * (on the pages, Liberty's sign-in mechanism reads the request parameters first, which parses a multipart body
     * into the servlet's parameters and parts before Jakarta REST sees it; the pages WAR's web.xml gives that servlet a
     * {@code multipart-config} so that files above 64 KiB are kept in temporary files, not in memory).
     */
    public Form readForm(List<EntityPart> parts, jakarta.servlet.http.HttpServletRequest request) {
        if (parts != null && !parts.isEmpty()) {
            return readForm(parts);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<Upload> files = new ArrayList<>();
        try {
            for (jakarta.servlet.http.Part p : request.getParts()) {
                try (InputStream in = p.getInputStream()) {
                    if (p.getSubmittedFileName() != null || FILE_FIELD.equals(p.getName())) {
                        String name = p.getSubmittedFileName() == null ? "" : p.getSubmittedFileName();
                        Upload u = files.size() < maxFiles ? read(name, in, maxFileBytes) : read(name, in, -1);
                        if (!(name.isBlank() && u.size() == 0)) {
                            files.add(u);
                        }
                    } else if (!fields.containsKey(p.getName())) {
                        byte[] b = in.readNBytes(TEXT_FIELD_MAX);
                        fields.put(p.getName(), new String(b, StandardCharsets.UTF_8));
                    }
                } finally {
                    p.delete();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (jakarta.servlet.ServletException | IllegalStateException e) {
            // not multipart after all, or over the container's limit: what the parameters hold is all there is
            request.getParameterMap().forEach((k, v) -> fields.putIfAbsent(k, v.length == 0 ? "" : v[0]));
        }
        return new Form(fields, files);
    }

    /** One upload read through the cap of this deployment. */
    public Upload read(String fileName, InputStream in) throws IOException {
        return read(fileName, in, maxFileBytes);
    }

    /**
     * Reads at most {@code max} + 1 bytes; when there are more, the rest is counted and dropped and the upload carries
     * no bytes. A negative {@code max} keeps nothing.
     */
    static Upload read(String fileName, InputStream in, long max) throws IOException {
        String name = FileTypes.sanitize(fileName);
        byte[] head = max < 0 ? new byte[0] : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (max >= 0 && head.length <= max) {
            return new Upload(name, head.length, head);
        }
        long rest = in.transferTo(OutputStream.nullOutputStream());
        return new Upload(name, head.length + rest, null);
    }

    /** Checks the files of one message against this deployment's rules; the first problem is thrown. */
    public List<CheckedFile> check(List<Upload> files) {
        return check(files, maxFileBytes, maxFiles);
    }

    static List<CheckedFile> check(List<Upload> files, long maxBytes, int maxCount) {
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        if (files.size() > maxCount) {
            String extra = files.get(maxCount).fileName();
            throw new AttachmentRejected(400, "too-many-attachments", extra,
                    "添付できるファイルは 1 回に " + maxCount + " つまでです（" + files.size() + " つ選ばれています。『" + extra
                            + "』は " + (maxCount + 1) + " つ目です）。",
                    "You can attach at most " + maxCount + " files at a time (" + files.size() + " were chosen; \""
                            + extra + "\" is number " + (maxCount + 1) + ").", String.valueOf(maxCount), String.valueOf(files.size()), extra,
                    String.valueOf(maxCount + 1));
        }
        List<CheckedFile> out = new ArrayList<>();
        for (Upload u : files) {
            if (u.size() == 0) {
                throw new AttachmentRejected(400, "empty-attachment", u.fileName(),
                        "ファイル『" + u.fileName() + "』は空です（0 バイト）。", "The file \"" + u.fileName() + "\" is empty.", u.fileName());
            }
            if (u.tooLarge() || u.size() > maxBytes) {
                throw new AttachmentRejected(413, "attachment-too-large", u.fileName(),
                        "ファイル『" + u.fileName() + "』は " + readable(u.size()) + " です。1 ファイル " + readable(maxBytes)
                                + " までです。",
                        "The file \"" + u.fileName() + "\" is " + readable(u.size()) + "; each file may be up to "
                                + readable(maxBytes) + ".", u.fileName(), readable(u.size()), readable(maxBytes));
            }
            String type = FileTypes.detect(u.bytes()).orElseThrow(() -> new AttachmentRejected(415, "attachment-type",
                    u.fileName(), "ファイル『" + u.fileName() + "』の形式は添付できません。PDF、JPEG、PNG、テキスト（UTF-8）の"
                    + "ファイルを選んでください。", "The file \"" + u.fileName() + "\" is not a PDF, JPEG, PNG or UTF-8 "
                    + "text file.", u.fileName()));
            out.add(new CheckedFile(u.fileName(), type, sha256(u.bytes()), u.bytes()));
        }
        return out;
    }

    /** The limits in plain Japanese, for the hint next to a file input. */
    public String hintJa() {
        return "PDF・JPEG・PNG・テキストのファイルを " + maxFiles + " つまで、1 ファイル " + readable(maxFileBytes)
                + " まで添付できます（任意）。";
    }

    public String hintEn() {
        return "Optional: up to " + maxFiles + " PDF, JPEG, PNG or text files, " + readable(maxFileBytes) + " each.";
    }

    /** The {@code accept} attribute of a file input. */
    public static String accept() {
        return ".pdf,.jpg,.jpeg,.png,.txt,application/pdf,image/jpeg,image/png,text/plain";
    }

    /** 「820 KB」, 「5 MB」, 「7.2 MB」 (1 MB = 1,048,576 bytes), rounded up so that over a limit never reads as it. */
    public static String readable(long bytes) {
        if (bytes < 1024 * 1024) {
            return Math.max(1, (bytes + 1023) / 1024) + " KB";
        }
        double mb = Math.ceil(bytes * 10.0 / (1024 * 1024)) / 10.0;
        return mb == Math.floor(mb) ? (long) mb + " MB" : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
