package jp.kyodo.agents.concierge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.kyodo.agents.concierge.HeldOutBench.Asked;
import jp.kyodo.agents.concierge.HeldOutBench.Figures;
import jp.kyodo.agents.retrieval.Calibration;
import jp.kyodo.agents.retrieval.HeldOutSet;
import jp.kyodo.agents.retrieval.ConfidenceProbe;

/**
 * The top-3 re-ranker ({@code Reranker}), fitted and reported leave-one-knowledge-base-out on the dev knowledge bases
 * (demo dev split, 白樺市, 潮見町): for each of them the coefficients are fitted on the other two and it is reported
 * with them; the demo test split and the sealed cities (only with {@code --sealed}) get the fit on all three.
 */
final class RerankBench {
    static final double L2 = 0.01;
    static final double[] MARGINS = {0, 0.25, 0.5, 1, 1.5, 2, 3};

    private RerankBench() {
    }

    record Fit(double[] w, double margin) {
    }

    static void run(Map<String, List<Asked>> byKb, List<HeldOutSet> heldOut, List<HeldOutSet> sealed,
                    Map<String, Calibration> cal) {
        List<String> dev = new ArrayList<>();
        dev.add("demo-dev");
        heldOut.forEach(h -> dev.add(h.name()));
        List<ConciergeSettings> grid = HeldOutBench.grid();
        ConciergeSettings shipped = ConciergeSettings.defaults();
        System.out.println("== Top-3 re-ranker, leave-one-knowledge-base-out on the dev knowledge bases (no sealed data)");
        System.out.println("   top-1 = right entry first (whatever the decision); rows: first stage vs re-ranked");
        HeldOutBench.header();
        for (String out : dev) {
            List<List<Asked>> train = new ArrayList<>();
            dev.stream().filter(d -> !d.equals(out)).forEach(d -> train.add(byKb.get(d)));
            Fit fit = fit(train, cal, shipped);
            List<Asked> test = byKb.get(out);
            List<Asked> testR = reranked(test, fit);
            System.out.printf(Locale.ROOT, "   %s: fitted on %s, margin %.2f, w %s; top-1 %.1f%% → %.1f%%%n", out,
                    dev.stream().filter(d -> !d.equals(out)).toList(), fit.margin(), fmt(fit.w()),
                    100 * top1(test), 100 * top1(testR));
            HeldOutBench.row(out + " (shipped)", HeldOutBench.measure(test, shipped, cal));
            HeldOutBench.row(out + " (shipped, rr)", HeldOutBench.measure(testR, shipped, cal));
            if (!out.equals("demo-dev")) {
                ConciergeSettings k = HeldOutBench.tune(grid, train, cal);
                List<List<Asked>> trainR = new ArrayList<>();
                train.forEach(t -> trainR.add(reranked(t, fit)));
                ConciergeSettings kr = HeldOutBench.tune(grid, trainR, cal);
                HeldOutBench.row(out + " (fold knobs)", HeldOutBench.measure(test, k, cal));
                HeldOutBench.row(out + " (fold knobs, rr)", HeldOutBench.measure(testR, kr, cal));
            }
        }
        List<List<Asked>> all = new ArrayList<>();
        dev.forEach(d -> all.add(byKb.get(d)));
        Fit fit = fit(all, cal, shipped);
        System.out.printf(Locale.ROOT, "-- fitted on all dev knowledge bases %s: margin %.2f, w %s%n", dev, fit.margin(),
                fmt(fit.w()));
        List<Asked> demoTest = byKb.get("demo-test");
        System.out.printf(Locale.ROOT, "   demo-test top-1 %.1f%% → %.1f%%%n", 100 * top1(demoTest),
                100 * top1(reranked(demoTest, fit)));
        HeldOutBench.row("demo test (shipped)", HeldOutBench.measure(demoTest, shipped, cal));
        HeldOutBench.row("demo test (shipped, rr)", HeldOutBench.measure(reranked(demoTest, fit), shipped, cal));
        double[] s = ConfidenceProbe.rerankShipped();
        if (s != null) {
            System.out.printf(Locale.ROOT, "   shipped coefficients: margin %.2f, w %s%n", ConfidenceProbe.rerankShippedMargin(), fmt(s));
        }
        for (HeldOutSet h : sealed) {
            List<Asked> a = byKb.get(h.name());
            HeldOutBench.row(h.name() + " (SEALED, first)", HeldOutBench.measure(reranked(a, new Fit(null, 0)), shipped, cal));
            HeldOutBench.row(h.name() + " (SEALED, rr)", HeldOutBench.measure(reranked(a, fit), shipped, cal));
        }
    }

    static List<Asked> reranked(List<Asked> list, Fit fit) {
        return list.stream().map(a -> a.reranked(fit.w(), fit.margin())).toList();
    }

    static double top1(List<Asked> list) {
        int n = 0, ok = 0;
        for (Asked a : list) {
            if (!a.expected().isEmpty()) {
                n++;
                if (!a.result().hits().isEmpty() && a.expected().contains(a.result().hits().get(0).entryId())) {
                    ok++;
                }
            }
        }
        return n == 0 ? 0 : (double) ok / n;
    }

    /** Softmax over each in-scope question's candidates (the right one among them), then the margin on the same data. */
    static Fit fit(List<List<Asked>> train, Map<String, Calibration> cal, ConciergeSettings s) {
        List<double[][]> xs = new ArrayList<>();
        List<boolean[]> ys = new ArrayList<>();
        for (List<Asked> kb : train) {
            for (Asked a : kb) {
                ConfidenceProbe.Candidates c = a.candidates();
                if (a.expected().isEmpty() || c == null || c.entryIds().size() < 2) {
                    continue;
                }
                boolean[] y = new boolean[c.entryIds().size()];
                boolean any = false;
                for (int i = 0; i < y.length; i++) {
                    y[i] = a.expected().contains(c.entryIds().get(i));
                    any |= y[i];
                }
                if (any) {
                    xs.add(c.rerank());
                    ys.add(y);
                }
            }
        }
        int d = ConfidenceProbe.rerankFeatureCount();
        double[] w = new double[d];
        double lr = 0.5;
        for (int it = 0; it < 3000; it++) {
            double[] g = new double[d];
            for (int k = 0; k < xs.size(); k++) {
                double[][] f = xs.get(k);
                boolean[] y = ys.get(k);
                double[] z = new double[f.length];
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < f.length; i++) {
                    z[i] = score(f[i], w);
                    max = Math.max(max, z[i]);
                }
                double sum = 0, sumY = 0;
                for (int i = 0; i < f.length; i++) {
                    z[i] = Math.exp(z[i] - max);
                    sum += z[i];
                    if (y[i]) {
                        sumY += z[i];
                    }
                }
                for (int i = 0; i < f.length; i++) {
                    double p = z[i] / sum;
                    double t = y[i] ? z[i] / sumY : 0; // posterior over the right candidates
                    for (int j = 0; j < d; j++) {
                        g[j] += (p - t) * f[i][j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                w[j] -= lr * (g[j] / Math.max(1, xs.size()) + L2 * w[j]);
            }
        }
        double bestM = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double m : MARGINS) {
            double score = 0;
            boolean noWorse = true;
            for (List<Asked> kb : train) {
                Figures base = HeldOutBench.measure(kb, s, cal);
                Figures f = HeldOutBench.measure(reranked(kb, new Fit(w, m)), s, cal);
                score += share(f.direct(), f.inScope()) - share(f.directWrong(), f.inScope());
                noWorse &= f.directWrong() <= base.directWrong();
            }
            if (noWorse && score > best + 1e-9) {
                best = score;
                bestM = m;
            }
        }
        return Double.isNaN(bestM) ? new Fit(null, 0) : new Fit(w, bestM); // none keeps wrong answers down: off
    }

    private static double score(double[] f, double[] w) {
        double z = 0;
        for (int i = 0; i < f.length; i++) {
            z += w[i] * f[i];
        }
        return z;
    }

    private static double share(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    static String fmt(double[] w) {
        if (w == null) {
            return "off";
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < w.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", w[i]));
        }
        return b.append('}').toString();
    }
}
