package jp.kyodo.agents.retrieval;

import jp.kyodo.agents.knowledgebase.EntryStatus;
import jp.kyodo.agents.knowledgebase.FaqEntry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plausible but unrelated municipal FAQ entries used to pad an index (benchmark at 5,000 entries per city).
 * They reuse municipal vocabulary (facilities, districts, events, fees) so they compete with the real entries.
 */
final class SyntheticDistractors {
    private static final String[] PLACES = {"北部", "南部", "東部", "西部", "中央", "駅前", "臨海", "緑が丘", "桜台", "若葉",
            "青葉", "旭", "栄", "本町", "新町", "川西", "山手", "港", "浜田", "松原"};
    private static final String[] FACILITIES = {"地区会館", "市民農園", "児童館", "郷土資料館", "市民ギャラリー", "文化ホール",
            "野外活動センター", "男女共同参画センター", "勤労者会館", "青少年センター", "リサイクル工房", "自然観察園",
            "市民プール", "弓道場", "陶芸工房", "ボランティアセンター", "生涯学習プラザ", "シルバー人材センター", "多目的広場",
            "キャンプ場"};
    private static final String[] TOPICS = {"講座の申込", "利用料金", "開館日", "駐車場", "貸出備品", "ボランティア募集",
            "見学の予約", "イベントの出展", "作品の展示", "団体登録", "写真撮影の許可", "優先予約", "キャンセル料", "臨時休館",
            "改修工事", "指定管理者", "アンケート結果", "年間行事", "落とし物", "バリアフリー設備"};
    private static final String[] EVENTS = {"夏まつり", "防災訓練", "清掃活動", "健康ウォーキング", "朝市", "将棋大会",
            "子ども絵画展", "花いっぱい運動", "環境フェア", "ふるさと講座", "写真コンテスト", "マラソン大会", "国際交流の集い",
            "消費生活展", "農業体験", "星空観察会", "歴史散歩", "読み聞かせ会", "親子料理教室", "手話講座"};
    private static final String[] VERBS = {"について知りたい", "はどうなっていますか", "の詳細", "の問い合わせ先", "の日程",
            "に参加したい", "の申し込み方法", "の条件", "の料金", "の変更点"};

    private SyntheticDistractors() {
    }

    static List<FaqEntry> generate(String prefix, int count, long seed) {
        Random r = new Random(seed);
        List<FaqEntry> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String place = pick(r, PLACES);
            String q;
            String a;
            if (r.nextBoolean()) {
                String f = pick(r, FACILITIES), t = pick(r, TOPICS);
                q = place + f + "の" + t + pick(r, VERBS);
                a = place + f + "の" + t + "は、" + (1 + r.nextInt(12)) + "月" + (1 + r.nextInt(28)) + "日から受け付けます。"
                        + "詳しくは" + place + f + "（電話 0" + (3 + r.nextInt(6)) + "-" + (1000 + r.nextInt(9000)) + "-"
                        + (1000 + r.nextInt(9000)) + "）へお問い合わせください。料金は" + (100 * (1 + r.nextInt(30)))
                        + "円です。";
            } else {
                String e = pick(r, EVENTS);
                int n = 1 + r.nextInt(60);
                q = "第" + n + "回" + place + "地区" + e + pick(r, VERBS);
                a = "第" + n + "回" + place + "地区" + e + "は、" + (1 + r.nextInt(12)) + "月に" + place + "地区で開催します。"
                        + "参加費は" + (r.nextInt(5) * 500) + "円、定員は" + (10 * (1 + r.nextInt(20))) + "人です。"
                        + "申込は主催の" + place + "地区自治会連合会へ。雨天の場合は中止します。";
            }
            out.add(new FaqEntry(prefix + "-pad-" + i, q, List.of(), a, "地域", "地域振興課",
                    "https://demo.kyodo.example/pad/" + prefix + "/" + i, LocalDate.of(2025, 4, 1), null, "ja",
                    EntryStatus.PUBLISHED));
        }
        return out;
    }

    private static String pick(Random r, String[] a) {
        return a[r.nextInt(a.length)];
    }
}
