package jp.kyodo.agents.programmes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (run by bench/programmes): evaluation of all programmes for one household (p50/p95 after warm-up) and a
 * batch over generated households (throughput).
 */
public final class ProgrammeBench {

    private ProgrammeBench() { }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        EligibilityEngine engine = new EligibilityEngine();
        LocalDate asOf = LocalDate.of(2024, 11, 1);
        Random rnd = new Random(42);
        List<Household> households = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            households.add(generate(rnd, i, asOf));
        }
        int programmes = engine.evaluate(households.get(0), asOf).size();
        // warm-up
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += engine.evaluate(households.get(i % households.size()), asOf).size();
        }
        // single household latency
        int samples = 20_000;
        long[] ns = new long[samples];
        for (int i = 0; i < samples; i++) {
            Household h = households.get(i % households.size());
            long t0 = System.nanoTime();
            sink += engine.evaluate(h, asOf).size();
            ns[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ns);
        System.out.printf("programmes evaluated per household: %d%n", programmes);
        System.out.printf("one household, all programmes: p50 %.1f µs, p95 %.1f µs, p99 %.1f µs (%d samples after warm-up)%n",
                ns[samples / 2] / 1e3, ns[(int) (samples * 0.95)] / 1e3, ns[(int) (samples * 0.99)] / 1e3, samples);
        // batch throughput, single thread and all cores
        long t0 = System.nanoTime();
        int eligible = 0;
        for (Household h : households) {
            for (ProgrammeEvaluation e : engine.evaluate(h, asOf)) {
                if (e.status() == EligibilityStatus.ELIGIBLE) {
                    eligible++;
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("batch %,d households (1 thread): %.2f s, %,.0f households/s, %,d eligible results%n",
                batch, secs, batch / secs, eligible);
        t0 = System.nanoTime();
        long parallelEligible = households.parallelStream().mapToLong(h -> engine.evaluate(h, asOf).stream()
                .filter(e -> e.status() == EligibilityStatus.ELIGIBLE).count()).sum();
        secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("batch %,d households (%d threads): %.2f s, %,.0f households/s%n", batch,
                Runtime.getRuntime().availableProcessors(), secs, batch / secs);
        if (sink == 42 || parallelEligible != eligible) {
            System.out.println("inconsistent results");
        }
    }

    private static Household generate(Random rnd, int i, LocalDate asOf) {
        List<Person> members = new ArrayList<>();
        int parents = rnd.nextInt(10) < 2 ? 1 : 2;
        for (int p = 0; p < parents; p++) {
            members.add(Person.parent("p" + p, asOf.minusYears(25 + rnd.nextInt(25)).minusDays(rnd.nextInt(365))));
        }
        int children = rnd.nextInt(5);
        for (int c = 0; c < children; c++) {
            Person child = Person.child("c" + c, asOf.minusYears(rnd.nextInt(23)).minusDays(rnd.nextInt(365)));
            int d = rnd.nextInt(40);
            if (d == 0) {
                child = child.withDisabilities(Disabilities.physical(1 + rnd.nextInt(6)));
            } else if (d == 1) {
                child = child.withDisabilities(Disabilities.ryoiku(rnd.nextBoolean() ? "A" : "B"));
            } else if (d == 2) {
                child = child.withDisabilities(Disabilities.ainoTecho(1 + rnd.nextInt(4)));
            }
            members.add(child);
        }
        if (rnd.nextInt(10) == 0) {
            members.add(Person.grandparent("g", asOf.minusYears(65 + rnd.nextInt(20))));
        }
        Household h = new Household("h" + i, members, rnd.nextInt(10) < 3 ? "13" : String.format("%02d", 1 + rnd.nextInt(47)),
                null, rnd.nextInt(50) == 0, null);
        long income = rnd.nextInt(8_000_000);
        for (String basis : List.of("児童扶養手当", "特別児童扶養手当", "障害児福祉手当")) {
            if (rnd.nextInt(20) != 0) { // 5 % leave the income out → UNKNOWN
                h = h.withIncome(basis, income);
            }
        }
        return h;
    }
}
