package jp.kyodo.crm.cases;

import java.util.Arrays;
import java.util.Optional;

/** What an inquiry is about (問い合わせ分類), as the citizen chooses it on the form. */
public enum Category {
    PROCEDURES("procedures", "届出・証明（住民票・戸籍・マイナンバー）"),
    CHILDCARE("childcare", "子育て・教育"),
    TAX("tax", "税金"),
    INSURANCE("insurance", "健康保険・年金"),
    WELFARE("welfare", "福祉・介護"),
    WASTE("waste", "ごみ・環境"),
    OTHER("other", "その他");

    private final String code;
    private final String label;

    Category(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Category> of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    /** The label of a stored code; the code itself when it is unknown. */
    public static String labelOf(String code) {
        return of(code).map(Category::label).orElse(code);
    }
}
