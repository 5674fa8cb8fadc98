package jp.kyodo.agents.retrieval.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.kyodo.agents.knowledgebase.CityKnowledge;
import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import org.junit.jupiter.api.Test;

/**
 * A search while the city's index is rebuilt (a city's first build, a rebuild after an eviction) answers from the index
 * as it is, never with an error. Run31 (session 17) saw a staff case page fail with a NullPointerException: its
 * knowledge suggestions searched a new city's index while the build cleared and refilled the candidates, and the
 * search looked a hit's candidate up again after the clear.
 */
class SearchDuringRebuildTest {
    private static final TenantId T = TenantId.of("999995");

    private static CityKnowledge knowledge() {
        List<FaqEntry> entries = new ArrayList<>();
        String[] topics = {"住民票の写し", "印鑑登録証明書", "戸籍謄本", "転入届", "転出届", "国民健康保険", "児童手当", "粗大ごみ",
                "保育所の入所", "マイナンバーカード"};
        String[] sides = {"の手数料", "に必要なもの", "を郵送で請求する方法"};
        for (int i = 0; i < topics.length; i++) {
            for (int j = 0; j < sides.length; j++) {
                String id = "e" + i + "-" + j;
                entries.add(new FaqEntry(id, topics[i] + sides[j], List.of(), topics[i] + "について市民課でご案内します。", "", "",
                        "https://x.example/" + id, LocalDate.of(2020, 1, 1), null, "ja", EntryStatus.PUBLISHED));
            }
        }
        return new CityKnowledge(T, "試験市", entries, List.of(), List.of());
    }

    @Test
    void aSearchDuringARebuildAnswersFromTheIndexAsItIs() throws Exception {
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        try {
            KnowledgeIndex k = idx.forTenant(T);
            CityKnowledge knowledge = knowledge();
            k.replaceAll(knowledge);
            AtomicBoolean done = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            Thread rebuilds = new Thread(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        k.replaceAll(knowledge);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.set(true);
                }
            });
            rebuilds.start();
            int searches = 0;
            List<String> questions = List.of("住民票の写しの手数料はいくら", "児童手当に必要なもの", "戸籍謄本を郵送で請求したい",
                    "マイナンバーカード");
            while (!done.get()) {
                try {
                    k.search(questions.get(searches % questions.size()));
                } catch (Throwable t) {
                    failures.add(t);
                }
                searches++;
            }
            rebuilds.join();
            List<String> seen = failures.stream().limit(3).map(String::valueOf).toList();
            assertTrue(failures.isEmpty(), failures.size() + " of " + searches + " searches during 150 rebuilds failed: " + seen);
            assertTrue(searches > 0, "searched while rebuilding");
        } finally {
            idx.close();
        }
    }
}
