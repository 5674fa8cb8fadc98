package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.concierge.ConciergeSettings;
import java.util.Arrays;

/**
 * What one city's index says about its own confidence scale, measured when the index is built or changed: the
 * confidence of its own entries found by self-retrieval (each entry's question reduced to its topic words, the same
 * in kana, and each approved phrasing — residents type short and in kana), and the confidence that shipped
 * out-of-scope probe questions reach in this city. A knowledge base with one plain question per entry scores lower
 * than one with hand-written phrasings, and so do questions that do not belong there: the concierge lowers its
 * answer threshold for such a city down to just above where the probes land in it (never above the deployment's
 * threshold, never below a floor), provided the city's entries find themselves by self-retrieval.
 *
 * @param probes   confidence of each out-of-scope probe in this city, ascending
 * @param self     confidence of each self-retrieval query whose first hit was its own entry, ascending
 * @param selfTop1 share of self-retrieval queries whose first hit was their own entry
 * @param queries  number of self-retrieval queries
 */
public record Calibration(double[] probes, double[] self, double selfTop1, int queries) {

    public static final Calibration NONE = new Calibration(new double[0], new double[0], 0, 0);

    public Calibration {
        probes = probes.clone();
        self = self.clone();
        Arrays.sort(probes);
        Arrays.sort(self);
    }

    /** The p-quantile (0..1) of an ascending array, or {@code fallback} when empty. */
    public static double quantile(double[] sorted, double p, double fallback) {
        if (sorted.length == 0) {
            return fallback;
        }
        int i = (int) Math.floor(Math.min(1, Math.max(0, p)) * (sorted.length - 1));
        return sorted[i];
    }

    /**
     * This city's answer threshold: the probes' quantile {@code probeQuantile} plus {@code probeMargin}, but not above
     * the deployment's threshold nor below {@code calibrationFloor}. The deployment's threshold when there is no
     * calibration data, or when fewer than {@code minSelfTop1} of the self-retrieval queries found their own entry
     * (a knowledge base whose entries are not told apart gets no lower threshold).
     */
    public double answerThreshold(ConciergeSettings s) {
        if (queries < s.minCalibrationQueries() || probes.length == 0 || selfTop1 < s.minSelfTop1()) {
            return s.answerThreshold();
        }
        double probe = quantile(probes, s.probeQuantile(), 0) + s.probeMargin();
        return Math.min(s.answerThreshold(), Math.max(s.calibrationFloor(), probe));
    }

    /**
     * Below this the concierge does not even offer choices: the answer threshold minus the clarification band and,
     * when {@link ConciergeSettings#clarifyProbeQuantile} is set and the city is calibrated, not below that quantile of
     * its own out-of-scope probes (the band follows the city's scale, as its answer threshold does).
     */
    public double clarifyThreshold(ConciergeSettings s) {
        double t = Math.max(0, answerThreshold(s) - s.clarifyBand());
        if (s.clarifyProbeQuantile() >= 0 && queries >= s.minCalibrationQueries() && probes.length > 0) {
            t = Math.min(answerThreshold(s), Math.max(t, quantile(probes, s.clarifyProbeQuantile(), 0)));
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c && Arrays.equals(probes, c.probes) && Arrays.equals(self, c.self)
                && selfTop1 == c.selfTop1 && queries == c.queries;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(probes) * 31 + Arrays.hashCode(self);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Calibration[queries=%d, selfTop1=%.2f, self q10/q50=%.2f/%.2f, "
                        + "probes q90/max=%.2f/%.2f]", queries, selfTop1, quantile(self, 0.1, 0), quantile(self, 0.5, 0),
                quantile(probes, 0.9, 0), quantile(probes, 1, 0));
    }
}
