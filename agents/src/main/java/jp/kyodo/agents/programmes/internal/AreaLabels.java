package jp.kyodo.agents.programmes.internal;

import java.util.ArrayList;
import java.util.List;

import jp.kyodo.agents.programmes.Prefectures;
import jp.kyodo.agents.programmes.Programme;

/** Japanese description of a programme area. */
final class AreaLabels {

    private AreaLabels() { }

    static String describe(Programme.Area area) {
        List<String> parts = new ArrayList<>();
        for (String p : area.prefectures()) {
            parts.add(Prefectures.nameOf(p).orElse(p));
        }
        for (String m : area.municipalities()) {
            parts.add("市区町村コード " + m);
        }
        return String.join("・", parts);
    }
}
