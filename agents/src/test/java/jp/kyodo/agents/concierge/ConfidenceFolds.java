package jp.kyodo.agents.concierge;

import com.fasterxml.jackson.databind.ObjectMapper;
import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.Calibration;
import jp.kyodo.agents.retrieval.EvalSet;
import jp.kyodo.agents.retrieval.HeldOutSet;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import jp.kyodo.agents.retrieval.SearchOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Experiment (issue 14, session 12; {@code bench/knowledge --heldout-only --refit-confidence}): is the confidence
 * model, fitted on the demo knowledge (entries with hand-written phrasings), what makes plain knowledge bases hand
 * over? Each question is searched once and its confidence features kept; then, per fold, the logistic model of "the
 * first hit is right" is refitted on the training knowledge bases only (the demo dev split and the other dev city —
 * never the reported one), every city's calibration probes are re-scored with it, the decision knobs are tuned on the
 * same training knowledge bases with the refusal margin, and the held-out city is reported. Variants:
 * <ul>
 *   <li>{@code shipped}: the shipped coefficients (the held-out rows of the ordinary table);</li>
 *   <li>{@code consistent}: the shipped coefficients, but the probes scored as residents' questions are (limit 5);</li>
 *   <li>{@code refit}: the coefficients refitted on the fold's training knowledge bases;</li>
 *   <li>{@code refit_demo}: the coefficients refitted on the demo dev split alone (the shipped model's own procedure,
 *       on this run's features — session 15: with the measurement corrections on), knobs tuned on the fold;</li>
 *   <li>{@code relative}: each feature taken relative to the city's own out-of-scope probes (the feature minus its
 *       mean over the probes in that city) and the model refitted on that — a style-independent scale: a plain
 *       knowledge base lowers the coverage of right answers and of unrelated questions alike.</li>
 *   <li>{@code scaled}: each feature placed on the city's own scale between its out-of-scope probes (0) and its own
 *       entries' questions searched as questions (1): (x − probe mean) / (self mean − probe mean), model refitted.</li>
 * </ul>
 * Dev knowledge bases only: the sealed ones are never loaded here (they are looked at once before and once after a
 * round, by {@code bench/knowledge --heldout-only --sealed}). Result of session 12 (docs/knowledge-retrieval.md): no
 * variant beat the shipped model on both held-out dev cities, so nothing of it was adopted.
 */
public final class ConfidenceFolds {
    private ConfidenceFolds() {
    }

    enum Variant { SHIPPED, CONSISTENT, REFIT, REFIT_DEMO, RELATIVE, SCALED }

    public static void run() {
        long t0 = System.nanoTime();
        List<HeldOutSet> heldOut = HeldOutSet.all();
        EvalSet eval = EvalSet.load();
        Map<String, List<HeldOutBench.Asked>> byKb = new LinkedHashMap<>();
        Map<String, Calibration> calibrations = new LinkedHashMap<>();
        Map<String, List<double[]>> probeFeatures = new LinkedHashMap<>();
        Map<String, List<double[]>> selfFeatures = new LinkedHashMap<>();
        List<String> probes = probes();
        try (KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults())) {
            for (TenantId t : DemoKnowledge.tenants()) {
                idx.forTenant(t).replaceAll(DemoKnowledge.load(t));
            }
            heldOut.forEach(h -> h.indexInto(idx));
            for (TenantId t : idx.tenants()) {
                KnowledgeIndex index = idx.forTenant(t);
                calibrations.put(t.value(), index.calibration());
                List<double[]> xs = new ArrayList<>();
                for (String p : probes) {
                    // as a resident's question is searched (limit 5): the shipped calibration searches its probes with
                    // limit 1, which sets their score-margin feature to 1 whatever the runner-up
                    index.search(p, SearchOptions.defaults().withLimit(5));
                    double[] x = jp.kyodo.agents.retrieval.ConfidenceProbe.lastFeatures();
                    if (x != null) {
                        xs.add(x.clone());
                    }
                }
                probeFeatures.put(t.value(), xs);
                List<double[]> own = new ArrayList<>();
                for (var e : index.faqs()) {
                    index.search(e.question(), SearchOptions.defaults().withLimit(5));
                    double[] x = jp.kyodo.agents.retrieval.ConfidenceProbe.lastFeatures();
                    if (x != null) {
                        own.add(x.clone());
                    }
                }
                selfFeatures.put(t.value(), own);
            }
            for (HeldOutSet h : heldOut) {
                List<HeldOutBench.Asked> list = new ArrayList<>();
                for (HeldOutSet.Case c : h.cases()) {
                    list.add(HeldOutBench.ask(idx, h.tenant(), h.name(), c.kind(), c.expected(), c.question()));
                }
                byKb.put(h.name(), list);
            }
            for (String split : List.of("dev", "test")) {
                List<HeldOutBench.Asked> list = new ArrayList<>();
                for (EvalSet.Case c : eval.inScope(split)) {
                    list.add(HeldOutBench.ask(idx, c.tenant(), "demo", "in-scope", c.expected(), c.question()));
                }
                for (EvalSet.Case c : eval.outOfScope(split)) {
                    list.add(HeldOutBench.ask(idx, c.tenant(), "demo", "out-of-scope", Set.of(), c.question()));
                }
                byKb.put("demo-" + split, list);
            }
        }
        Map<String, double[]> probeMean = new LinkedHashMap<>();
        probeFeatures.forEach((t, xs) -> probeMean.put(t, mean(xs)));
        Map<String, double[]> selfMean = new LinkedHashMap<>();
        selfFeatures.forEach((t, xs) -> selfMean.put(t, mean(xs)));
        scales.clear();
        PROBE_MEANS.clear();
        PROBE_MEANS.putAll(probeMean);
        probeMean.forEach((t, m) -> {
            double[] sm = selfMean.get(t), sc = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                double d = sm[i] - m[i];
                sc[i] = Math.abs(d) < 0.05 ? 1 : d; // a feature the city's own questions do not move: left unscaled
            }
            scales.put(t, sc);
        });
        // a refitted model has its own scale: the deployment's threshold (the cap of every city's threshold, 0.80 for
        // the shipped model) is searched as well
        List<ConciergeSettings> grid = new ArrayList<>();
        for (ConciergeSettings g : HeldOutBench.grid()) {
            for (double cap : new double[]{0.80, 0.85, 0.90, 0.95}) {
                grid.add(new ConciergeSettings(cap, g.passages(), g.generatorTimeout(), g.minSelfTop1(), g.probeQuantile(),
                        g.probeMargin(), g.calibrationFloor(), g.minCalibrationQueries(), g.clarifyBand(), g.clarifyRatio(),
                        g.closeAnswerRatio(), g.clarifyProbeQuantile(), g.choiceOdds(), g.choiceOddsBand(),
                        g.clearLeadRatio(), g.clearLeadOdds()));
            }
        }
        System.out.println();
        System.out.println("== Confidence refitted per fold (experiment; knobs tuned on each fold's training knowledge bases)");
        HeldOutBench.header();
        String only = System.getProperty("kyodo.bench.variants", "");
        for (Variant v : Variant.values()) {
            if (!only.isEmpty() && !Set.of(only.split(",")).contains(v.name())) {
                continue;
            }
            for (HeldOutSet h : heldOut) {
                List<String> train = new ArrayList<>(List.of("demo-dev"));
                heldOut.stream().map(HeldOutSet::name).filter(n -> !n.equals(h.name())).forEach(train::add);
                Fold f = fold(v, train, byKb, calibrations, probeFeatures, probeMean);
                ConciergeSettings knobs = HeldOutBench.tune(grid, train.stream().map(f.byKb::get).toList(), f.cal);
                HeldOutBench.row(h.name() + " (held out, " + v.name().toLowerCase(Locale.ROOT) + ")",
                        HeldOutBench.measure(f.byKb.get(h.name()), knobs, f.cal));
                System.out.println("     trained on " + train + ": " + HeldOutBench.knobs(knobs) + cap(knobs) + coefficients(f.w));
            }
            List<String> all = new ArrayList<>(List.of("demo-dev"));
            heldOut.forEach(o -> all.add(o.name()));
            Fold f = fold(v, all, byKb, calibrations, probeFeatures, probeMean);
            ConciergeSettings knobs = HeldOutBench.tune(grid, all.stream().map(f.byKb::get).toList(), f.cal);
            HeldOutBench.row("demo test (" + v.name().toLowerCase(Locale.ROOT) + ", all-dev fit)",
                    HeldOutBench.measure(f.byKb.get("demo-test"), knobs, f.cal));
            for (String kb : all) {
                HeldOutBench.row(kb + " (in-sample, " + v.name().toLowerCase(Locale.ROOT) + ")",
                        HeldOutBench.measure(f.byKb.get(kb), knobs, f.cal));
            }
            System.out.println("     all-dev fit: " + HeldOutBench.knobs(knobs) + cap(knobs) + coefficients(f.w));
        }
        System.out.printf(Locale.ROOT, "confidence folds took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    record Fold(Map<String, List<HeldOutBench.Asked>> byKb, Map<String, Calibration> cal, double[] w) {
    }

    static Fold fold(Variant v, List<String> train, Map<String, List<HeldOutBench.Asked>> byKb,
                     Map<String, Calibration> cal, Map<String, List<double[]>> probeFeatures, Map<String, double[]> probeMean) {
        if (v == Variant.SHIPPED) {
            return new Fold(byKb, cal, null);
        }
        boolean rel = v == Variant.RELATIVE || v == Variant.SCALED;
        scaled = v == Variant.SCALED;
        List<double[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        // REFIT_DEMO: the shipped model's own procedure (fitted on the demo dev split only), on this run's features
        for (String kb : v == Variant.REFIT_DEMO ? List.of("demo-dev") : train) {
            for (HeldOutBench.Asked a : byKb.get(kb)) {
                if (!counts(a)) {
                    continue;
                }
                xs.add(shift(a.features(), rel ? probeMean.get(a.result().tenant().value()) : null));
                ys.add(!a.expected().isEmpty() && a.expected().contains(a.result().hits().get(0).entryId()) ? 1 : 0);
            }
        }
        double[] w = v == Variant.CONSISTENT ? RetrievalSettings.defaults().confidence()
                : jp.kyodo.agents.retrieval.ConfidenceProbe.fitLogistic(xs, ys, 0.01, 4000);
        Map<String, List<HeldOutBench.Asked>> out = new LinkedHashMap<>();
        byKb.forEach((kb, list) -> out.put(kb, list.stream().map(a -> a.features() == null ? a
                : a.withConfidence(jp.kyodo.agents.retrieval.ConfidenceProbe.probability(shift(a.features(),
                rel ? probeMean.get(a.result().tenant().value()) : null), w))).toList()));
        Map<String, Calibration> c2 = new LinkedHashMap<>();
        cal.forEach((t, c) -> {
            double[] p = probeFeatures.getOrDefault(t, List.of()).stream()
                    .mapToDouble(x -> jp.kyodo.agents.retrieval.ConfidenceProbe.probability(shift(x, rel ? probeMean.get(t) : null), w)).toArray();
            c2.put(t, new Calibration(p, c.self(), c.selfTop1(), c.queries()));
        });
        return new Fold(out, c2, w);
    }

    /** A question whose decision depends on the confidence (not refused outright, something found). */
    static boolean counts(HeldOutBench.Asked a) {
        return a.features() != null && !a.person() && a.words() && !a.system() && !a.result().isEmpty() && !a.otherPlace();
    }

    static final Map<String, double[]> scales = new LinkedHashMap<>();
    static boolean scaled;

    static double[] shift(double[] x, double[] mean) {
        if (mean == null) {
            return x;
        }
        double[] sc = null;
        if (scaled) {
            for (Map.Entry<String, double[]> e : scales.entrySet()) {
                if (e.getValue() != null && PROBE_MEANS.get(e.getKey()) == mean) {
                    sc = e.getValue();
                }
            }
        }
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] -= mean[i];
            if (sc != null) {
                o[i] /= sc[i];
            }
        }
        return o;
    }

    static final Map<String, double[]> PROBE_MEANS = new LinkedHashMap<>();

    static double[] mean(List<double[]> xs) {
        if (xs.isEmpty()) {
            return new double[RetrievalSettings.CONFIDENCE_FEATURES.length];
        }
        double[] m = new double[xs.get(0).length];
        for (double[] x : xs) {
            for (int i = 0; i < m.length; i++) {
                m[i] += x[i] / xs.size();
            }
        }
        return m;
    }

    static String cap(ConciergeSettings s) {
        return String.format(Locale.ROOT, ", deployment threshold %.2f", s.answerThreshold());
    }

    static String coefficients(double[] w) {
        if (w == null) {
            return "";
        }
        double[] r = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            r[i] = Math.round(w[i] * 100) / 100.0;
        }
        return "; coefficients " + Arrays.toString(r);
    }

    static List<String> probes() {
        try (InputStream in = ConfidenceFolds.class.getResourceAsStream("/knowledge/glossary/calibration-probes.json")) {
            List<String> out = new ArrayList<>();
            new ObjectMapper().readTree(in).path("probes").forEach(p -> out.add(p.asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        run();
        System.exit(0);
    }
}
