package jp.kyodo.integration.connectors;

import java.util.Arrays;
import java.util.Optional;

/** The partner systems a city can connect (the code is the one used in settings, outbox topics and dead letters). */
public enum Partner {
    /** マイナポータル 申請管理: Kyodo pulls received applications (電子申請等情報受取等API). */
    MYNAPORTAL("mynaportal", "マイナポータル（申請管理）", false),
    /** 標準準拠システム 児童手当: Kyodo delivers approved applications from the outbox (topic child-allowance.*). */
    CHILD_ALLOWANCE("child-allowance", "児童手当システム（標準準拠）", true),
    /** 標準準拠システム 住民記録: Kyodo reads one resident record by 宛名番号, with the citizen's consent (pre-fill). */
    RESIDENT_RECORD("resident-record", "住民記録システム（標準準拠）", false),
    /**
     * 標準準拠システム 児童手当 reachable only over LGWAN: Kyodo drops files into the LGWAN gateway's drop box (no URL:
     * the operator sets the drop folder) and reads the results that come back the same way.
     */
    CHILD_ALLOWANCE_LGWAN("child-allowance-lgwan", "児童手当システム（LGWAN・ファイル連携）", true);

    private final String code;
    private final String label;
    private final boolean outbound;

    Partner(String code, String label, boolean outbound) {
        this.code = code;
        this.label = label;
        this.outbound = outbound;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** Reached through the LGWAN gateway's drop box (files and done-files), not by a URL. */
    public boolean fileDrop() {
        return this == CHILD_ALLOWANCE_LGWAN;
    }

    /** Fed from the outbox (topics {@code <code>.<kind>}); otherwise polled. */
    public boolean outbound() {
        return outbound;
    }

    public static Optional<Partner> byCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The partner an outbox topic goes to: the topic's first segment. */
    public static Optional<Partner> ofTopic(String topic) {
        int dot = topic.indexOf('.');
        return byCode(dot < 0 ? topic : topic.substring(0, dot)).filter(Partner::outbound);
    }
}
