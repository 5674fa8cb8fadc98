package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.DemoKnowledge;
import jp.kyodo.agents.knowledgebase.TenantId;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import jp.kyodo.agents.retrieval.internal.LuceneKnowledgeIndexes;

/**
 * {@code bench/knowledge --heap [--cities=1916] [--max-open=200]}: what the knowledge indexes of every municipality cost
 * one server. Each of N cities gets the demo knowledge base (尼崎市's or 武蔵野市's, ≈100 entries, alternating) in its
 * own on-disk index and asks one question, as a server with {@code kyodo.knowledge.max-open-indexes} would see them.
 * Prints the heap in use after a full GC as the cities grow (flat once the limit is reached), the heap per open index,
 * the cost of a city's first question when its index must be built (what the start-up warm-up takes off the request)
 * and of a question on an open index, and the cost of reopening an evicted index.
 */
final class KnowledgeHeapBench {

    private KnowledgeHeapBench() {
    }

    static void run(List<String> args) throws Exception {
        int cities = intArg(args, "--cities=", 1916);
        int maxOpen = intArg(args, "--max-open=", 200);
        List<CityKnowledge> bases = DemoKnowledge.tenants().stream().map(DemoKnowledge::load).toList();
        Path dir = Files.createTempDirectory("kyodo-heap-bench");
        long base = heapAfterGc();
        System.out.printf(Locale.ROOT, "-- knowledge heap: %d cities, at most %d open indexes, %d/%d demo entries each%n",
                cities, maxOpen, bases.get(0).faqs().size(), bases.get(1).faqs().size());
        System.out.printf(Locale.ROOT, "heap before any index: %.1f MB%n", base / 1e6);
        long[] build = new long[cities];
        long[] warm = new long[cities];
        try (LuceneKnowledgeIndexes idx = LuceneKnowledgeIndexes.onDisk(dir, null, RetrievalSettings.defaults(), maxOpen)) {
            List<Integer> marks = new ArrayList<>(List.of(50, 100, maxOpen, 500, 1000, cities));
            marks.removeIf(m -> m > cities);
            System.out.println("cities | open indexes | heap in use (MB) | per city so far (KB)");
            for (int i = 0; i < cities; i++) {
                CityKnowledge k = bases.get(i % bases.size());
                TenantId t = TenantId.of(String.format(Locale.ROOT, "c%06d", i));
                String question = k.faqs().get(i % k.faqs().size()).question();
                long t0 = System.nanoTime();
                KnowledgeIndex index = idx.forTenant(t);
                index.replaceAll(new CityKnowledge(t, k.cityName(), k.faqs(), k.documents(), k.synonyms()));
                index.calibration();
                index.search(question);
                build[i] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                index.search(question);
                warm[i] = System.nanoTime() - t0;
                if (marks.contains(i + 1)) {
                    long heap = heapAfterGc() - base;
                    System.out.printf(Locale.ROOT, "%6d | %12d | %16.1f | %8.0f%n", i + 1, idx.openCount(), heap / 1e6,
                            heap / 1e3 / (i + 1));
                }
            }
            long heap = heapAfterGc() - base;
            System.out.printf(Locale.ROOT, "heap per open index ≈ %.0f KB (heap in use / open indexes at the end)%n",
                    heap / 1e3 / idx.openCount());
            // reopening an evicted city: its directory is read back (the server then rebuilds it from the database)
            long[] reopen = new long[20];
            for (int j = 0; j < reopen.length; j++) {
                TenantId t = TenantId.of(String.format(Locale.ROOT, "c%06d", j));
                long t0 = System.nanoTime();
                idx.forTenant(t).search(bases.get(j % bases.size()).faqs().get(0).question());
                reopen[j] = System.nanoTime() - t0;
            }
            System.out.printf(Locale.ROOT, "first question, index built + calibrated: median %.0f ms, p95 %.0f ms%n",
                    pct(build, .5) / 1e6, pct(build, .95) / 1e6);
            System.out.printf(Locale.ROOT, "question on an open index:                median %.1f ms, p95 %.1f ms%n",
                    pct(warm, .5) / 1e6, pct(warm, .95) / 1e6);
            System.out.printf(Locale.ROOT, "question on an evicted index (reopened):  median %.0f ms, p95 %.0f ms%n",
                    pct(reopen, .5) / 1e6, pct(reopen, .95) / 1e6);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double pct(long[] xs, double p) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) (p * s.length))];
    }

    private static int intArg(List<String> args, String prefix, int dflt) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> Integer.parseInt(a.substring(prefix.length())))
                .findFirst().orElse(dflt);
    }
}
