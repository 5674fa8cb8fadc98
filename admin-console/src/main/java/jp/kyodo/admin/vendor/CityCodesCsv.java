package jp.kyodo.admin.vendor;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.kyodo.tenant.identity.CityRoles;
import jp.kyodo.tenant.lifecycle.MunicipalityCatalogue;

/**
 * Reads and checks a CSV of cities to onboard, before anything is created: one line per city, {@code 団体コード,
 * 最初の管理者のメールアドレス[, 最初の管理者のユーザー名]} — the fields the single-city onboarding asks for — with an
 * optional header line. UTF-8 (with or without a byte order mark) or Shift_JIS (code page 932), found from the bytes.
 * Each row is checked: the code's six digits and check digit, the code in the national catalogue, not a city on this
 * deployment already, not twice in the file; the e-mail address; the user name's form, not twice in the file, not a
 * name reserved for another city's onboarding. A row's result is a message key of the vendor pages with its values,
 * never a sentence, so the page words it in the person's language.
 */
public final class CityCodesCsv {

    /** At most this many data lines (more than the catalogue holds: a longer file cannot be a list of cities). */
    public static final int MAX_ROWS = 2_000;
    /** At most this many bytes (2,000 lines of a code, an address and a name fit in a tenth of it). */
    public static final int MAX_BYTES = 1 << 20;

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,62}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    /** A file that cannot be read as such a list at all; {@code key} is a message key (with {@code values}). */
    public static final class FileRefused extends Exception {
        private final String key;
        private final transient Object[] values;

        FileRefused(String key, Object... values) {
            super(key, null, false, false);
            this.key = key;
            this.values = values;
        }

        public String key() {
            return key;
        }

        public Object[] values() {
            return values;
        }
    }

    /** One data line as read and checked: {@code reason} null when the row can be onboarded. */
    public record Row(int line, String code, String adminEmail, String adminUsername, String reason, List<String> values) {
        public boolean valid() {
            return reason == null;
        }

        /** The catalogue's name of the code (prefecture and municipality), empty when unknown. */
        public String name() {
            return MunicipalityCatalogue.get().find(code).map(m -> m.prefecture() + m.name()).orElse("");
        }
    }

    /** The file's rows with their check, and the encoding they were read in ({@code UTF-8} or {@code Shift_JIS}). */
    public record Checked(String encoding, List<Row> rows) {
        public long validRows() {
            return rows.stream().filter(Row::valid).count();
        }
    }

    private CityCodesCsv() {
    }

    /**
     * Reads and checks the file. {@code onboarded} holds the codes of the cities on this deployment (any state but
     * deleted). Refuses a file that is empty, too large, not text, in another encoding, or longer than
     * {@link #MAX_ROWS} lines.
     */
    public static Checked check(byte[] bytes, Set<String> onboarded) throws FileRefused {
        if (bytes == null || bytes.length == 0) {
            throw new FileRefused("vendor.batch.file.empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new FileRefused("vendor.batch.file.tooLarge", MAX_BYTES >> 20);
        }
        String encoding;
        String text;
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            throw new FileRefused("vendor.batch.file.encoding"); // UTF-16 (or UTF-32): neither of the two
        }
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            encoding = "UTF-8";
            text = decode(bytes, 3, StandardCharsets.UTF_8);
        } else {
            text = decode(bytes, 0, StandardCharsets.UTF_8);
            encoding = "UTF-8";
            if (text == null) {
                text = decode(bytes, 0, SHIFT_JIS);
                encoding = "Shift_JIS";
            }
        }
        if (text == null) {
            throw new FileRefused("vendor.batch.file.encoding");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f) {
                throw new FileRefused("vendor.batch.file.notCsv");
            }
        }
        List<List<String>> lines = lines(text);
        List<Integer> lineNumbers = new ArrayList<>();
        List<List<String>> data = new ArrayList<>();
        boolean first = true;
        int n = 0;
        for (List<String> l : lines) {
            n++;
            if (l.stream().allMatch(String::isBlank)) {
                continue;
            }
            boolean header = first && isHeader(l);
            first = false;
            if (!header) {
                lineNumbers.add(n);
                data.add(l);
            }
        }
        if (data.isEmpty()) {
            throw new FileRefused("vendor.batch.file.empty");
        }
        if (data.size() > MAX_ROWS) {
            throw new FileRefused("vendor.batch.file.tooManyRows", data.size(), MAX_ROWS);
        }
        return new Checked(encoding, checkRows(data, lineNumbers, onboarded));
    }

    private static List<Row> checkRows(List<List<String>> data, List<Integer> lineNumbers, Set<String> onboarded) {
        Map<String, List<Integer>> byCode = new HashMap<>();
        Map<String, List<Integer>> byUsername = new HashMap<>();
        List<String[]> fields = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            List<String> l = data.get(i);
            String code = clean(l.get(0));
            String email = l.size() > 1 ? clean(l.get(1)) : "";
            String username = l.size() > 2 ? clean(l.get(2)).toLowerCase(Locale.ROOT) : "";
            String effective = username.isEmpty() ? "admin-" + code : username;
            fields.add(new String[] {code, email, username,
                    l.stream().skip(3).anyMatch(x -> !x.isBlank()) ? "extra" : ""});
            byCode.computeIfAbsent(code, k -> new ArrayList<>()).add(lineNumbers.get(i));
            byUsername.computeIfAbsent(effective, k -> new ArrayList<>()).add(lineNumbers.get(i));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String[] f = fields.get(i);
            String code = f[0];
            String email = f[1];
            String username = f[2];
            int line = lineNumbers.get(i);
            String reason = null;
            List<String> values = List.of();
            if (!f[3].isEmpty()) {
                reason = "vendor.batch.row.columns";
            } else if (code.isEmpty()) {
                reason = "vendor.batch.row.codeMissing";
            } else if (!code.matches("\\d{6}")) {
                reason = "vendor.batch.row.codeForm";
                values = List.of(code);
            } else if (!MunicipalityCatalogue.isWellFormed(code)) {
                reason = "vendor.batch.row.checkDigit";
                values = List.of(code);
            } else if (MunicipalityCatalogue.get().find(code).isEmpty()) {
                reason = "vendor.batch.row.unknown";
                values = List.of(code);
            } else if (onboarded.contains(code)) {
                reason = "vendor.batch.row.exists";
                values = List.of(name(code));
            } else if (byCode.get(code).size() > 1) {
                reason = "vendor.batch.row.duplicate";
                values = List.of(code, lines(byCode.get(code)));
            } else if (email.isEmpty()) {
                reason = "vendor.batch.row.emailMissing";
            } else if (!EMAIL.matcher(email).matches() || email.length() > 200) {
                reason = "vendor.batch.row.emailForm";
                values = List.of(email);
            } else if (!username.isEmpty() && !USERNAME.matcher(username).matches()) {
                reason = "vendor.batch.row.usernameForm";
                values = List.of(username);
            } else if (!username.isEmpty() && CityRoles.isReserved(username) && !username.equals("admin-" + code)) {
                reason = "vendor.batch.row.usernameReserved";
                values = List.of(username);
            } else if (byUsername.get(username.isEmpty() ? "admin-" + code : username).size() > 1) {
                String effective = username.isEmpty() ? "admin-" + code : username;
                reason = "vendor.batch.row.usernameDuplicate";
                values = List.of(effective, lines(byUsername.get(effective)));
            }
            rows.add(new Row(line, code, email, username, reason, values));
        }
        return rows;
    }

    /** The catalogue's name of a code (prefecture and municipality), empty when it names none. */
    public static String nameOf(String code) {
        return code == null ? "" : MunicipalityCatalogue.get().find(code).map(m -> m.prefecture() + m.name()).orElse("");
    }

    private static String name(String code) {
        return MunicipalityCatalogue.get().find(code).map(m -> m.prefecture() + m.name()).orElse(code);
    }

    private static String lines(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }

    /** Full-width digits and letters as ASCII (NFKC), spaces (also ideographic) and quotes around removed. */
    static String clean(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC).strip();
    }

    /** A first line whose first field is not a code-like value (digits) is a header: 団体コード, code, … */
    private static boolean isHeader(List<String> l) {
        String first = clean(l.get(0));
        return !first.isEmpty() && !Character.isDigit(first.charAt(0));
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The text, or null when the bytes are not valid in {@code charset}. */
    private static String decode(byte[] b, int offset, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, offset, b.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** RFC 4180 lines: fields split at commas, quoted fields may hold commas, quotes ("") and line breaks. */
    static List<List<String>> lines(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cur.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cur.add(field.toString());
                field.setLength(0);
                out.add(cur);
                cur = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !cur.isEmpty()) {
            cur.add(field.toString());
            out.add(cur);
        }
        return out;
    }
}
