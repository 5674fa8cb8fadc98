package jp.kyodo.admin.national;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.kyodo.admin.national.internal.CityStatistics;

/**
 * The per-city counts as they may be shown: a count from 1 to {@value #K}−1 is suppressed (small counts could point
 * at a person), and which cells were suppressed is said. Totals add the shown cells only, so no suppressed cell can be
 * worked out by subtracting from a total.
 */
public final class SuppressedStatistics {

    /** The smallest count shown (k-anonymity threshold). */
    public static final int K = 10;

    /** The measures, in the order of the table's columns. */
    public static final List<String> MEASURES = List.of("citizens", "staff", "noticesPublished", "auditEvents30d");
    /** Their names, by message key, in the same order. */
    public static final List<String> MEASURE_KEYS = List.of("national.measure.citizens", "national.measure.staff",
            "national.measure.noticesPublished", "national.measure.auditEvents30d");

    /** One cell: its count, or null when suppressed. */
    public record Cell(Long value, boolean suppressed) {
    }

    /** One city's row. */
    public record Row(String code, String prefecture, String name, List<Cell> cells) {
    }

    /** A suppressed cell, named for the notes under the table ({@code measureKey}: the measure's message key). */
    public record Suppressed(String city, String measureKey) {
    }

    /** One bar of a chart: its label, length in SVG units (0 when suppressed) and vertical position. */
    public record Bar(String label, Cell cell, int width, int y) {
    }

    private final List<Row> rows;
    private final List<Suppressed> suppressed;

    private SuppressedStatistics(List<Row> rows, List<Suppressed> suppressed) {
        this.rows = rows;
        this.suppressed = suppressed;
    }

    public static SuppressedStatistics of(List<CityStatistics.Row> raw) {
        List<Row> rows = new ArrayList<>();
        List<Suppressed> suppressed = new ArrayList<>();
        for (CityStatistics.Row r : raw) {
            long[] values = {r.citizens(), r.staff(), r.noticesPublished(), r.auditEvents30d()};
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                boolean hide = values[i] > 0 && values[i] < K;
                cells.add(new Cell(hide ? null : values[i], hide));
                if (hide) {
                    suppressed.add(new Suppressed(r.prefecture() + r.name(), MEASURE_KEYS.get(i)));
                }
            }
            rows.add(new Row(r.code(), r.prefecture(), r.name(), cells));
        }
        return new SuppressedStatistics(List.copyOf(rows), List.copyOf(suppressed));
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Suppressed> suppressed() {
        return suppressed;
    }

    /** The sum of a measure over the cells shown. */
    public long total(int measure) {
        return rows.stream().map(r -> r.cells().get(measure)).filter(c -> !c.suppressed()).mapToLong(Cell::value).sum();
    }

    /** The bars of one measure's chart, scaled to {@code maxWidth} SVG units, {@code step} apart. */
    public List<Bar> bars(int measure, int maxWidth, int step) {
        long max = Math.max(1, rows.stream().map(r -> r.cells().get(measure)).filter(c -> !c.suppressed())
                .mapToLong(Cell::value).max().orElse(1));
        List<Bar> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Cell c = r.cells().get(measure);
            int w = c.suppressed() ? 0 : (int) Math.round((double) c.value() * maxWidth / max);
            out.add(new Bar(r.prefecture() + r.name(), c, w, i * step));
        }
        return out;
    }

    /** A count for people to read: grouped by thousands. */
    public static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
