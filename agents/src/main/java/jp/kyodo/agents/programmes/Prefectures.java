package jp.kyodo.agents.programmes;

import java.util.List;
import java.util.Optional;

/** The 47 prefectures with their JIS X 0401 codes ("01" 北海道 … "13" 東京都 … "47" 沖縄県). */
public final class Prefectures {

    private static final List<String> NAMES = List.of("北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
            "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
            "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県",
            "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
            "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県");

    private Prefectures() { }

    /** Code of a prefecture name ("東京都" → "13"); also accepts a name without 都/道/府/県. */
    public static Optional<String> codeOf(String name) {
        for (int i = 0; i < NAMES.size(); i++) {
            String n = NAMES.get(i);
            if (n.equals(name) || (n.length() > 2 && n.substring(0, n.length() - 1).equals(name))) {
                return Optional.of(String.format("%02d", i + 1));
            }
        }
        return Optional.empty();
    }

    /** Name of a code ("13" → "東京都"). Also accepts a 6-digit local government code ("130001"). */
    public static Optional<String> nameOf(String code) {
        if (code == null || code.length() < 2) {
            return Optional.empty();
        }
        try {
            int i = Integer.parseInt(code.substring(0, 2));
            return i >= 1 && i <= 47 ? Optional.of(NAMES.get(i - 1)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
