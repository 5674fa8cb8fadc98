package jp.kyodo.agents.knowledgebase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.kyodo.agents.knowledgebase.internal.EntryValidator;

/** JSON import/export of a city's knowledge ({@code {"format":"kyodo-knowledge/1","tenantId":…,"faqs":[…]}}). */
public final class KnowledgeJson {
    public static final String FORMAT = "kyodo-knowledge/1";

    private KnowledgeJson() {
    }

    public static CityKnowledge read(InputStream in) throws IOException {
        return Json.MAPPER.readValue(in, CityKnowledge.class);
    }

    public static CityKnowledge read(String json) {
        try {
            return Json.MAPPER.readValue(json, CityKnowledge.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid knowledge JSON: " + e.getMessage(), e);
        }
    }

    public static String write(CityKnowledge knowledge) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode body = Json.MAPPER.valueToTree(knowledge);
        root.setAll(body);
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exports FAQ entries only, as a JSON array. */
    public static String writeFaqs(List<FaqEntry> entries) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads FAQ entries from a JSON array of entries or a knowledge bundle, and lists per-entry errors
     * (row = 1-based entry number). Nothing is saved.
     */
    public static ImportPreview preview(byte[] bytes) {
        List<RowError> errors = new ArrayList<>();
        List<FaqEntry> entries = new ArrayList<>();
        JsonNode root;
        try {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            errors.add(new RowError(0, "", "JSONとして読み込めません: " + e.getMessage()));
            return new ImportPreview("json", "UTF-8", entries, errors);
        }
        JsonNode arr = root != null && root.isObject() ? root.path("faqs") : root;
        if (arr == null || !arr.isArray()) {
            errors.add(new RowError(0, "", "FAQの配列（または \"faqs\" を持つオブジェクト）が必要です。"));
            return new ImportPreview("json", "UTF-8", entries, errors);
        }
        Set<String> ids = new HashSet<>();
        int row = 0;
        for (JsonNode n : (ArrayNode) arr) {
            row++;
            FaqEntry e;
            try {
                if (!n.hasNonNull("id") || !n.hasNonNull("question") || !n.hasNonNull("answer")) {
                    errors.add(new RowError(row, n.hasNonNull("id") ? (n.hasNonNull("question") ? "answer" : "question") : "id",
                            "必須項目（id, question, answer）がありません。"));
                    continue;
                }
                e = Json.MAPPER.treeToValue(n, FaqEntry.class);
            } catch (IOException | RuntimeException ex) {
                String field = ex.getMessage() != null && ex.getMessage().contains("LocalDate") ? "validFrom/validTo" : "";
                errors.add(new RowError(row, field, "項目の値を読み込めません（日付は YYYY-MM-DD、状態は DRAFT か PUBLISHED）。"));
                continue;
            }
            EntryValidator.validate(e, row, errors, "id", "question", "alternatives", "answer", "sourceUrl",
                    "validFrom", "language");
            if (!ids.add(e.id())) {
                errors.add(new RowError(row, "id", "ID「" + e.id() + "」が重複しています。"));
            }
            entries.add(e);
        }
        return new ImportPreview("json", "UTF-8", entries, errors);
    }
}
