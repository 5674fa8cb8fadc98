package jp.kyodo.admin.vendor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Per-city usage in one calendar month (Japan time) for billing, read only through the aggregate database function
 * {@code kyodo_city_usage(date)} (counts and byte sums, never a row of personal data; what each number counts is
 * written in its migration, {@code V16__city_usage.sql}).
 */
@ApplicationScoped
public class CityUsage {

    /** One city's usage in the month. */
    public record Row(String code, String name, String prefecture, String status, long citizens, long staff,
                      long questions, long casesOpened, long storageBytes) {
    }

    /** The CSV's header row (Japanese, for the billing staff), in the order of {@link #csv}'s columns. */
    public static final List<String> HEADER = List.of("対象月", "自治体コード", "都道府県", "自治体名", "状態",
            "住民アカウント数", "職員アカウント数", "質問数", "受付案件数", "保存容量（バイト）");
    /** Shift_JIS as Windows and Excel read it (Microsoft's code page 932). */
    public static final Charset SHIFT_JIS = Charset.forName("windows-31j");

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;

    @Transactional
    public List<Row> perCity(YearMonth month) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT * FROM kyodo_city_usage(?1)")
                .setParameter(1, java.sql.Date.valueOf(month.atDay(1))).getResultList();
        return rows.stream().map(r -> new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                n(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]))).toList();
    }

    /**
     * The rows as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, a quote or a line break) in UTF-8 with
     * a byte order mark, or in Shift_JIS; a character Shift_JIS cannot hold (a rare kanji in a city's name) is written
     * as 〓 (geta), the usual mark for it, so the file stays readable and every number is kept.
     */
    public static byte[] csv(YearMonth month, List<Row> rows, boolean shiftJis) {
        StringBuilder b = new StringBuilder();
        line(b, HEADER);
        for (Row r : rows) {
            line(b, List.of(month.toString(), r.code(), r.prefecture(), r.name(), r.status(),
                    Long.toString(r.citizens()), Long.toString(r.staff()), Long.toString(r.questions()),
                    Long.toString(r.casesOpened()), Long.toString(r.storageBytes())));
        }
        if (!shiftJis) {
            return ("\uFEFF" + b).getBytes(StandardCharsets.UTF_8);
        }
        CharsetEncoder enc = SHIFT_JIS.newEncoder();
        StringBuilder safe = new StringBuilder(b.length());
        b.codePoints().forEach(cp -> {
            String s = new String(Character.toChars(cp));
            safe.append(enc.canEncode(s) ? s : "〓");
        });
        return safe.toString().getBytes(SHIFT_JIS);
    }

    /** The month of {@code text} (YYYY-MM, years 2000 to 2999), or null when it is not one. */
    public static YearMonth month(String text) {
        if (text == null || !text.matches("2\\d{3}-(0[1-9]|1[0-2])")) {
            return null;
        }
        return YearMonth.parse(text);
    }

    /** This month in Japan time. */
    public static YearMonth thisMonth() {
        return YearMonth.from(LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")));
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                b.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                b.append(f);
            }
        }
        b.append("\r\n");
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
