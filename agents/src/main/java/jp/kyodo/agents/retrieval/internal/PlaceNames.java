package jp.kyodo.agents.retrieval.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of municipalities and prefectures in a (normalised) text: a kanji or katakana name followed by 市, 区, 町,
 * 村, 都, 府 or 県 and then by 役所/役場 or a particle (京都市の, 潮見町役場は, 東京都で). Words that merely contain such a
 * character (市役所, 町内, 地区を, 同じ市の) are not names; the municipalities named in hiragana are listed (さいたま市).
 * Used to tell a question about another municipality.
 */
final class PlaceNames {
    /** What follows a name: 役所/役場/庁, a particle, 内/民, a space or punctuation, or the end. */
    private static final String FOLLOWS = "(?=役所|役場|庁|の|で|は|って|に|へ|と|が|内|民|[\\s、。?？!！]|$)";
    private static final Pattern NAME = Pattern.compile(
            "([\\p{IsHan}]{1,4}|[\\p{IsKatakana}ー]{2,8})(市|区|町|村|都|府|県)" + FOLLOWS);
    /**
     * Municipalities whose names are written wholly or partly in hiragana. A hiragana word before 市 or 町 is usually
     * not a name (この町, わたしの市), so these are listed rather than matched by their script (session 29: 「さいたま市の
     * ハザードマップ」 was answered as the asking city's own).
     */
    private static final Pattern KANA_NAME = Pattern.compile("(?<!\\p{IsHan})(?:("
            + "さいたま|つくばみらい|つくば|いわき|ひたちなか|かすみがうら|みどり|むつ|つがる|いなべ|あわら|いすみ|たつの|さぬき"
            + "|うきは|みやま|えびの|うるま|かほく|にかほ|みよし|南あわじ|南さつま|いちき串木野|あきる野|ふじみ野|伊豆の国)(市)"
            + "|(おおい|せたな|むかわ|えりも|おいらせ|ときがわ|みなかみ|つるぎ|みやき|あさぎり"
            + "|みやこ|かつらぎ|みなべ|いの|まんのう)(町))" + FOLLOWS);
    private static final Pattern NOT_A_NAME = Pattern.compile("^[市区町村都道府県]|^(本|当|同|他|各|全|当該|近隣|隣|近く|地|地元|住|都市|旧|新|各地|全地)$");

    private static final Pattern DISTRICT = Pattern.compile("(地|学|校|選挙|特|管)$");

    private PlaceNames() {
    }

    /**
     * Whether the (normalised) question names {@code place} as the owner of what it asks about: the name followed by
     * の or by 役所 / 役場 / 庁 (「港北市の保育園」, 「港北市役所の駐車場」), not 「港北市から」 / 「港北市で買い物」.
     */
    static boolean owns(String normalized, String place) {
        int i = normalized.indexOf(place);
        while (i >= 0) {
            String rest = normalized.substring(i + place.length());
            if (rest.startsWith("の") || rest.startsWith("役所") || rest.startsWith("役場") || rest.startsWith("庁")) {
                return true;
            }
            i = normalized.indexOf(place, i + 1);
        }
        return false;
    }

    static Set<String> in(String normalized) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = NAME.matcher(normalized);
        while (m.find()) {
            String name = m.group(1);
            // 地区, 各地区, 学区, 校区, 通学区, 選挙区, 特区 are not wards
            boolean district = "区".equals(m.group(2)) && DISTRICT.matcher(name).find();
            if (!district && !NOT_A_NAME.matcher(name).find()) {
                out.add(name + m.group(2));
            }
        }
        Matcher k = KANA_NAME.matcher(normalized);
        while (k.find()) {
            out.add(k.group(1) != null ? k.group(1) + k.group(2) : k.group(3) + k.group(4));
        }
        return out;
    }
}
