package jp.kyodo.agents.lifeevents;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the fields of a certificate (出生証明書, 健康保険の資格確認書・保険証, 母子健康手帳の出生届出済証明) in the text that
 * OCR read from its photo: the kind of document, a name (氏名), a date of birth (西暦 or 和暦: 令和6年4月1日, R6.4.1),
 * an insurer's name (保険者名称) and number (保険者番号). The text is untrusted: it is only searched for these labels,
 * each value is cut to one line and a bounded length, and nothing in it is ever followed as an instruction. What is
 * found is a proposal for the person to check, never an answer.
 */
public final class CertificateFields {

    /** The fields a bundle question can take from a photo ({@code photo:} in the bundle). */
    public static final Set<String> FIELDS = Set.of("name", "birthDate", "insurerName", "insurerNumber");

    /** What was read: the kind of document (or null) and the fields found, in the order of {@link #FIELDS}' use. */
    public record Read(String document, Map<String, String> fields) {
    }

    private static final int MAX_TEXT = 64 * 1024;
    private static final int MAX_VALUE = 60;
    /** Labels, longest first; a label is followed by ：, :, a space or nothing, then the value on the same line. */
    private static final List<Label> LABELS = List.of(
            new Label("insurerNumber", label("保険者番号")),
            new Label("insurerName", label("保険者(?:名称|名)")),
            new Label("birthDate", label("(?:出生の年月日|生年月日|出生年月日|生まれた日|出生日)")),
            new Label("name", label("(?:子の氏名|被保険者氏名|出生子の氏名|氏名|名前)")));
    private static final Pattern SPACES_IN_JAPANESE = Pattern.compile("(?<=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆〇年月日：])[ \\t]+"
            + "(?=[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆〇年月日0-9：])"
            + "|(?<=[0-9])[ \\t]+(?=[年月日\\p{IsHan}])");
    private static final Pattern WAREKI = Pattern.compile("(令和|平成|昭和|大正|R|H|S|T)\\.?\\s*(元|\\d{1,2})\\s*[年.\\-/]\\s*(\\d{1,2})"
            + "\\s*[月.\\-/]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern SEIREKI = Pattern.compile("((?:19|20)\\d{2})\\s*[年.\\-/]\\s*(\\d{1,2})\\s*[月.\\-/]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern INSURER_NUMBER = Pattern.compile("(?<!\\d)(\\d{8}|\\d{6})(?!\\d)");
    private static final Pattern NAME = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆ヶ・ 　]{1," + MAX_VALUE + "}");
    private static final Pattern TEXT = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆ヶ・()（）A-Za-z0-9 　]{1,"
            + MAX_VALUE + "}");

    private record Label(String field, Pattern pattern) {
    }

    /** A label at the start of a line (after a number such as 「(1)」): 「母の氏名」 is not 「氏名」. */
    private static Pattern label(String words) {
        return Pattern.compile("^[\\s\\d().、]*" + words);
    }

    private CertificateFields() {
    }

    /**
     * Reads the fields of a certificate from OCR text. A date of birth later than {@code today} or before 1900 is not
     * proposed; the first value found for a field wins.
     */
    public static Read read(String ocrText, LocalDate today) {
        String text = normalise(ocrText);
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (Label l : LABELS) {
                Matcher m = l.pattern().matcher(line);
                if (!m.find()) {
                    continue;
                }
                String rest = line.substring(m.end()).replaceFirst("^[\\s:：]+", "");
                if (rest.isBlank() && i + 1 < lines.length) {
                    rest = lines[i + 1].strip(); // the value on the next line (a label above its box)
                }
                value(l.field(), rest, today).ifPresent(v -> fields.putIfAbsent(l.field(), v));
                break; // one label a line: 「子の氏名」 is not also 「氏名」
            }
        }
        return new Read(document(text), fields);
    }

    /** The date written in a value, as ISO; 和暦 (元年 included) and 西暦. */
    static Optional<LocalDate> date(String s) {
        Matcher w = WAREKI.matcher(s);
        try {
            if (w.find()) {
                JapaneseEra era = switch (w.group(1)) {
                    case "令和", "R" -> JapaneseEra.REIWA;
                    case "平成", "H" -> JapaneseEra.HEISEI;
                    case "昭和", "S" -> JapaneseEra.SHOWA;
                    default -> JapaneseEra.TAISHO;
                };
                int year = w.group(2).equals("元") ? 1 : Integer.parseInt(w.group(2));
                return Optional.of(LocalDate.from(JapaneseDate.of(era, year, Integer.parseInt(w.group(3)),
                        Integer.parseInt(w.group(4)))));
            }
            Matcher g = SEIREKI.matcher(s);
            if (g.find()) {
                return Optional.of(LocalDate.of(Integer.parseInt(g.group(1)), Integer.parseInt(g.group(2)),
                        Integer.parseInt(g.group(3))));
            }
        } catch (DateTimeException | NumberFormatException e) {
            // not a real date (2月30日, 令和99年…): nothing is proposed
        }
        return Optional.empty();
    }

    private static Optional<String> value(String field, String raw, LocalDate today) {
        return switch (field) {
            case "birthDate" -> date(raw).filter(d -> !d.isAfter(today) && d.getYear() >= 1900).map(LocalDate::toString);
            case "insurerNumber" -> {
                Matcher m = INSURER_NUMBER.matcher(raw.replaceAll("[\\s-]", ""));
                yield m.find() ? Optional.of(m.group(1)) : Optional.empty();
            }
            case "name" -> first(NAME, raw).map(v -> v.replaceAll("[ 　]+", " ").strip()).filter(v -> !v.isEmpty());
            default -> first(TEXT, raw).map(v -> v.replaceAll("[ 　]+", " ").strip()).filter(v -> !v.isEmpty());
        };
    }

    private static Optional<String> first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.lookingAt() ? Optional.of(m.group()) : Optional.empty();
    }

    private static String document(String text) {
        String flat = text.replace("\n", "");
        if (flat.contains("出生届出済証明")) {
            return "boshi-techo";
        }
        if (flat.contains("出生証明書")) {
            return "birth-certificate";
        }
        if (flat.contains("保険者番号") || flat.contains("被保険者証") || flat.contains("資格確認書")) {
            return "health-insurance";
        }
        return null;
    }

    /**
     * NFKC (full-width digits and colons become ASCII), control characters dropped, the spaces OCR puts between
     * Japanese characters removed; at most 64 KiB.
     */
    static String normalise(String ocrText) {
        String s = ocrText == null ? "" : ocrText;
        if (s.length() > MAX_TEXT) {
            s = s.substring(0, MAX_TEXT);
        }
        s = Normalizer.normalize(s, Normalizer.Form.NFKC).replace("\r", "");
        s = s.replaceAll("[\\p{Cc}&&[^\\n\\t]]|[\\p{Cf}]", "");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            out.append(SPACES_IN_JAPANESE.matcher(line.strip()).replaceAll("")).append('\n');
        }
        return out.toString();
    }
}
