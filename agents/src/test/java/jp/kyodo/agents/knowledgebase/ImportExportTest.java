package jp.kyodo.agents.knowledgebase;

import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportExportTest {
    private static final Charset CP932 = Charset.forName("windows-31j");

    private static List<FaqEntry> sample() {
        return List.of(
                new FaqEntry("a-1", "住民票を取りたい", List.of(Phrasing.ja("住民票の写し"), Phrasing.en("Residence, \"certificate\""),
                        new Phrasing("zh", "住民証明書"), Phrasing.ja("[en] で始まる日本語")),
                        "窓口で取れます。\n手数料は300円です、\"本人確認\"が必要です。", "戸籍・住民票", "市民課",
                        "https://x.example/a-1", LocalDate.of(2025, 4, 1), LocalDate.of(2030, 3, 31), "ja",
                        EntryStatus.PUBLISHED),
                new FaqEntry("a-2", "粗大ごみ", List.of(), " 前後に空白 ", "", "", "", null, null, "ja", EntryStatus.DRAFT));
    }

    @Test
    void csvRoundTripsExactlyInEveryEncoding() {
        for (KnowledgeCsv.Encoding enc : KnowledgeCsv.Encoding.values()) {
            byte[] bytes = KnowledgeCsv.export(sample(), enc);
            ImportPreview p = KnowledgeCsv.preview(bytes);
            assertTrue(p.ok(), enc + " " + p.errors());
            assertEquals(sample(), p.entries(), enc.name());
        }
        assertEquals("Shift_JIS (CP932)", KnowledgeCsv.preview(KnowledgeCsv.export(sample(), KnowledgeCsv.Encoding.CP932)).encoding());
        assertEquals("UTF-8 (BOM)", KnowledgeCsv.preview(KnowledgeCsv.export(sample(), KnowledgeCsv.Encoding.UTF8_BOM)).encoding());
        assertEquals("UTF-8", KnowledgeCsv.preview(KnowledgeCsv.export(sample(), KnowledgeCsv.Encoding.UTF8)).encoding());
    }

    @Test
    void wholeDemoCityRoundTripsThroughCsvAndJson() {
        CityKnowledge k = DemoKnowledge.load(DemoKnowledge.MUSASHINO);
        ImportPreview p = KnowledgeCsv.preview(KnowledgeCsv.export(k.faqs(), KnowledgeCsv.Encoding.UTF8_BOM));
        assertTrue(p.ok(), p.errors().toString());
        assertEquals(k.faqs(), p.entries());
        assertEquals(k, KnowledgeJson.read(KnowledgeJson.write(k)));
        ImportPreview j = KnowledgeJson.preview(KnowledgeJson.write(k).getBytes(StandardCharsets.UTF_8));
        assertTrue(j.ok(), j.errors().toString());
        assertEquals(k.faqs(), j.entries());
    }

    @Test
    void shiftJisExportRefusesCharactersItCannotHold() {
        List<FaqEntry> vi = List.of(new FaqEntry("v", "q", List.of(new Phrasing("vi", "Làm thế nào")), "a", "", "", "",
                null, null, "ja", EntryStatus.DRAFT));
        assertThrows(IllegalArgumentException.class, () -> KnowledgeCsv.export(vi, KnowledgeCsv.Encoding.CP932));
    }

    @Test
    void excelStyleShiftJisFileWithJapaneseHeadersAndSlashDates() {
        String csv = "ID,質問,言い換え,回答,分類,担当課,出典URL,公開開始日,公開終了日,言語,状態\r\n"
                + "x-1,犬の登録,\"犬を飼ったら\n[en] Dog registration\",保健所で登録します。,くらし,環境課,https://x.example/1,2025/4/1,,ja,公開\r\n"
                + ",,,,,,,,,,\r\n";
        ImportPreview p = KnowledgeCsv.preview(csv.getBytes(CP932));
        assertTrue(p.ok(), p.errors().toString());
        assertEquals("Shift_JIS (CP932)", p.encoding());
        FaqEntry e = p.entries().get(0);
        assertEquals(LocalDate.of(2025, 4, 1), e.validFrom());
        assertEquals(List.of(Phrasing.ja("犬を飼ったら"), Phrasing.en("Dog registration")), e.alternatives());
        assertEquals(EntryStatus.PUBLISHED, e.status());
    }

    @Test
    void previewListsRowLevelErrorsInJapaneseAndNothingIsSaved() {
        String csv = "\uFEFFid,question,alternatives,answer,source_url,valid_from,valid_to,status\n"
                + "ok-1,質問1,,回答1,https://x.example/1,,,公開\n"
                + "ok-1,質問2,,回答2,,,,公開\n"
                + "bad id,,,回答3,ftp://x,2025-13-01,,公開\n"
                + "ok-4,質問4,,,,2025-05-01,2025-04-01,たぶん\n";
        ImportPreview p = KnowledgeCsv.preview(csv.getBytes(StandardCharsets.UTF_8));
        assertFalse(p.ok());
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 3 && e.column().equals("ID") && e.message().contains("重複")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 4 && e.column().equals("ID")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 4 && e.column().equals("質問") && e.message().contains("空")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 4 && e.column().equals("出典URL")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 4 && e.column().equals("公開開始日")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 5 && e.column().equals("回答")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 5 && e.column().equals("状態")));
        assertTrue(p.errors().stream().anyMatch(e -> e.row() == 5 && e.message().contains("公開開始日が公開終了日より後")));

        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        KnowledgeIndex k = idx.forTenant(TenantId.of("777777"));
        assertThrows(IllegalStateException.class, () -> p.commitTo(k));
        assertEquals(0, k.size());
        ImportPreview good = KnowledgeCsv.preview(KnowledgeCsv.export(sample(), KnowledgeCsv.Encoding.UTF8));
        good.commitTo(k);
        assertEquals(2, k.size());
        assertEquals(sample(), k.faqs());
        idx.close();
    }

    @Test
    void missingColumnsAndBrokenQuotesAreReported() {
        ImportPreview p = KnowledgeCsv.preview("id,question\nx,y\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(p.errors().stream().anyMatch(e -> e.column().equals("回答") && e.message().contains("必須")));
        ImportPreview q = KnowledgeCsv.preview("id,question,answer\nx,\"y,z\n".getBytes(StandardCharsets.UTF_8));
        assertFalse(q.ok());
        ImportPreview j = KnowledgeJson.preview("[{\"id\":\"x\",\"question\":\"q\"},{\"id\":\"y\",\"question\":\"q\",\"answer\":\"a\",\"validFrom\":\"2025-99-01\"}]"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(1, 2), j.errors().stream().map(RowError::row).toList());
    }

    @Test
    void nationalTemplatesInstantiateForANewCity() {
        TemplateCatalogue cat = TemplateCatalogue.national();
        assertTrue(cat.templates().size() >= 10);
        assertTrue(cat.placeholders().containsKey("fee_jumin"));
        CityKnowledge partial = cat.instantiate(TenantId.of("011002"), "札幌市", java.util.Map.of("city", "札幌市"),
                "https://www.example.jp/faq", true);
        assertTrue(partial.faqs().stream().allMatch(e -> e.status() == EntryStatus.DRAFT || !e.answer().contains("{{")));
        assertTrue(partial.faqs().stream().anyMatch(e -> e.answer().contains("{{")));
        java.util.Map<String, String> facts = new java.util.HashMap<>();
        cat.placeholders().keySet().forEach(k -> facts.put(k, "【" + k + "】"));
        CityKnowledge full = cat.instantiate(TenantId.of("011002"), "札幌市", facts, "https://www.example.jp/faq", true);
        assertTrue(full.faqs().stream().allMatch(e -> e.status() == EntryStatus.PUBLISHED && !e.answer().contains("{{")),
                full.faqs().stream().filter(e -> e.answer().contains("{{")).map(FaqEntry::answer).toList().toString());
        KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults());
        idx.forTenant(TenantId.of("011002")).replaceAll(full);
        assertEquals("juminhyo-shutoku", idx.forTenant(TenantId.of("011002")).search("住民票がほしい").hits().get(0).entryId());
        idx.close();
    }
}
