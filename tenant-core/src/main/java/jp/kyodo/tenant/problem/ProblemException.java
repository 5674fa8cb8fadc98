package jp.kyodo.tenant.problem;

import java.util.Map;

/**
 * An error that becomes an RFC 9457 problem document. Titles are given in Japanese (shown first)
 * and English; {@code extensions} carries machine-readable details such as per-field errors.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String titleJa;
    private final String titleEn;
    private final String detail;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String type, String titleJa, String titleEn, String detail) {
        this(status, type, titleJa, titleEn, detail, Map.of());
    }

    public ProblemException(int status, String type, String titleJa, String titleEn, String detail,
                            Map<String, Object> extensions) {
        super(titleEn + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.type = type;
        this.titleJa = titleJa;
        this.titleEn = titleEn;
        this.detail = detail;
        this.extensions = Map.copyOf(extensions);
    }

    public static ProblemException badRequest(String type, String detailJa, String detailEn) {
        return new ProblemException(400, type, "入力内容に誤りがあります", "The request is invalid",
                detailJa + " / " + detailEn);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "見つかりません", "Not found",
                what + " は存在しないか、参照する権限がありません。 " + what + " does not exist or is not yours to see.");
    }

    public static ProblemException conflict(String type, String detailJa, String detailEn) {
        return new ProblemException(409, type, "現在の状態では実行できません", "Conflict with the current state",
                detailJa + " / " + detailEn);
    }

    public static ProblemException forbidden(String type, String detailJa, String detailEn) {
        return new ProblemException(403, type, "アクセスが許可されていません", "Access is not allowed",
                detailJa + " / " + detailEn);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String titleJa() {
        return titleJa;
    }

    public String titleEn() {
        return titleEn;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
