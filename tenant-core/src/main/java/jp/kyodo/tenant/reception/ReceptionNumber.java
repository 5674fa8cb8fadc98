package jp.kyodo.tenant.reception;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reception number (受付番号) as a citizen quotes it on the phone: the year (Japan time) and the city's sequence in
 * that year, written {@code 2026-000123}. Unique within one city only.
 */
public record ReceptionNumber(int year, long sequence) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-(\\d{6,9})");

    public ReceptionNumber {
        if (year < 2000 || year > 9999 || sequence < 1) {
            throw new IllegalArgumentException("reception number out of range: " + year + "/" + sequence);
        }
    }

    /** Parses {@code 2026-000123}; anything else (including full-width digits or spaces) is empty. */
    public static Optional<ReceptionNumber> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ReceptionNumber(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
    }

    @Override
    public String toString() {
        return String.format("%04d-%06d", year, sequence);
    }
}
