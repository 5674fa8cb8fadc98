package jp.kyodo.agents.programmes;

import java.util.ArrayList;
import java.util.List;


/** Line diff of two texts (longest common subsequence), for version history and template updates. */
public final class LineDiff {

    private LineDiff() { }

    /** Every line of both texts in order: unchanged, removed from {@code before} or added in {@code after}. */
    public static List<DiffLine> diff(String before, String after) {
        String[] a = lines(before);
        String[] b = lines(after);
        int n = a.length;
        int m = b.length;
        if ((long) n * m > 25_000_000L) {
            throw new IllegalArgumentException("texts too long to compare: " + n + " × " + m + " lines");
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<DiffLine> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[i].equals(b[j])) {
                out.add(new DiffLine(DiffLine.Op.SAME, i + 1, j + 1, a[i]));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new DiffLine(DiffLine.Op.REMOVED, i + 1, null, a[i])); // removed lines first, as diff shows them
                i++;
            } else {
                out.add(new DiffLine(DiffLine.Op.ADDED, null, j + 1, b[j]));
                j++;
            }
        }
        return out;
    }

    /** True when the diff has at least one added or removed line. */
    public static boolean changed(List<DiffLine> diff) {
        return diff.stream().anyMatch(d -> d.op() != DiffLine.Op.SAME);
    }

    private static String[] lines(String s) {
        if (s == null || s.isEmpty()) {
            return new String[0];
        }
        String t = s.replace("\r\n", "\n");
        if (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        return t.split("\n", -1);
    }
}
