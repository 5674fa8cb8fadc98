package jp.kyodo.crm.citizens;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a citizen may consent to, with the version of the text currently shown. {@link #PROGRAMME_GUIDANCE} is
 * honoured by the portal ("my programmes" and the life-event marks evaluate the household only with it);
 * {@link #SURVEYS} is recorded for the city's survey mailings (nothing sends surveys yet).
 */
public enum ConsentPurpose {
    /** 登録情報を使った制度のご案内. */
    PROGRAMME_GUIDANCE("programme-guidance", "2026-11",
            "登録情報（世帯・所得・障害者手帳など）を使って、受けられそうな制度をご案内すること"),
    /** アンケートのご依頼. */
    SURVEYS("surveys", "2026-11", "サービス改善のためのアンケートをお送りすること");

    private final String code;
    private final String version;
    private final String label;

    ConsentPurpose(String code, String version, String label) {
        this.code = code;
        this.version = version;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String version() {
        return version;
    }

    public String label() {
        return label;
    }

    public static Optional<ConsentPurpose> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }
}
