package jp.kyodo.agents.retrieval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jp.kyodo.agents.knowledgebase.TenantId;
import jp.kyodo.agents.retrieval.KnowledgeIndex;
import jp.kyodo.agents.retrieval.KnowledgeIndexes;
import jp.kyodo.agents.retrieval.RetrievalSettings;
import org.junit.jupiter.api.Test;
import static jp.kyodo.agents.retrieval.internal.PlainEntries.entry;
import static jp.kyodo.agents.retrieval.internal.PlainEntries.top;

/**
 * Session 26: a word of the question that one close candidate holds whole and another only inside a longer word or in
 * pieces (児童手当 against 特別児童扶養手当's 児童 … 手当) names the first; a generic head (証明書 of 納税証明書 and
 * 課税証明書) names neither.
 */
class CompoundHeadTest {

    @Test
    void aWordIsHeldWhereNoKanjiPrecedesIt() {
        assertTrue(TenantKnowledgeIndex.holdsAsHead("児童扶養手当(ひとり親家庭)", "児童扶養手当"));
        assertFalse(TenantKnowledgeIndex.holdsAsHead("特別児童扶養手当", "児童扶養手当"), "another allowance");
        assertTrue(TenantKnowledgeIndex.holdsAsHead("児童手当額の改定", "児童手当"), "an attribute of the same allowance");
        assertTrue(TenantKnowledgeIndex.holdsAsHead("特別児童扶養手当は、児童扶養手当とは別の", "児童扶養手当"));
        assertFalse(TenantKnowledgeIndex.holdsAsHead("国外転出の届出", "転出"));
        assertTrue(TenantKnowledgeIndex.holdsAsHead("児童手当・児童扶養手当", "児童扶養手当"), "a list of names: the dot is no letter");
        assertTrue(TenantKnowledgeIndex.holdsAsHead("燃えるごみ・粗大ごみ", "粗大ごみ"));
    }

    @Test
    void aWordTheCandidatesWriteInsideSeveralLongerWordsIsAGenericHead() {
        assertTrue(TenantKnowledgeIndex.genericHead(new String[] {"納税証明書の交付", "所得証明書・課税証明書"}, "証明書"));
        assertFalse(TenantKnowledgeIndex.genericHead(new String[] {"特別児童扶養手当", "児童扶養手当"}, "児童扶養手当"));
        assertFalse(TenantKnowledgeIndex.genericHead(new String[] {"児童手当・児童扶養手当", "特別児童扶養手当"}, "児童扶養手当"),
                "one longer word only: the listed name is the word itself");
    }

    @Test
    void theAllowanceTheQuestionNamesWinsOverOneThatHoldsItsWordsApart() {
        double shipped = TenantKnowledgeIndex.COMPOUND_WEIGHT;
        try (KnowledgeIndexes idx = KnowledgeIndexes.inMemory(null, RetrievalSettings.defaults())) {
            KnowledgeIndex k = idx.forTenant(TenantId.of("999993"));
            // a plain export: the child allowance's answer says 子ども, the special allowance's short answer says
            // 児童 and 手当 apart, so the words alone favour the special allowance for 「児童手当」
            k.upsert(entry("child", "児童手当の申請", "高校生年代までの子どもを育てている方に支給します。出生や転入の翌日から15日以内に"
                    + "申請してください。支給は偶数月の10日です。"));
            k.upsert(entry("single", "児童扶養手当（ひとり親家庭）", "離婚などでひとり親になった家庭で、18歳になった年度末までの"
                    + "子どもを育てている方に支給します。所得制限があります。"));
            k.upsert(entry("special", "特別児童扶養手当", "障害のある20歳未満の児童を家庭で養育している方に支給される国の手当です。"));
            k.upsert(entry("birth", "出生届", "生まれた日から14日以内に届け出てください。"));
            k.upsert(entry("move", "転入届", "引っ越してきた日から14日以内に届け出てください。"));
            String[][] others = {{"juminhyo", "住民票の写しの交付", "窓口またはコンビニで交付します。1通300円です。"},
                {"inkan", "印鑑登録", "本人が窓口で登録してください。"}, {"gomi", "粗大ごみの出し方", "申込制です。電話で予約してください。"},
                {"kokuho", "国民健康保険の加入", "会社を辞めたら14日以内に届け出てください。"},
                {"zei", "住民税の納付", "納付書か口座振替で納めてください。"}, {"suido", "水道の使用開始", "引っ越しの前に上下水道課へ連絡してください。"},
                {"hoiku", "保育所の入所申込", "前月の10日までに申し込んでください。"}, {"kenshin", "乳幼児健診", "対象の月齢になったら通知します。"}};
            for (String[] o : others) {
                k.upsert(entry(o[0], o[1], o[2]));
            }
            assertTrue(shipped > 0, "on by default");
            assertEquals("child", top(k, "児童手当"));
            assertEquals("child", top(k, "When is the child allowance paid?"), "the glossary's term names the word");
            TenantKnowledgeIndex.FOREIGN_COMPOUND = false;
            assertEquals("special", top(k, "When is the child allowance paid?"), "Japanese questions only (session 26)");
            TenantKnowledgeIndex.FOREIGN_COMPOUND = true;
            TenantKnowledgeIndex.COMPOUND_WEIGHT = 0;
            assertEquals("special", top(k, "児童手当"), "without it the words alone decide (the case this is for)");
        } finally {
            TenantKnowledgeIndex.COMPOUND_WEIGHT = shipped;
            TenantKnowledgeIndex.FOREIGN_COMPOUND = true;
        }
    }


}
