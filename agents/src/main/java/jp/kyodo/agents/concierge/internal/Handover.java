package jp.kyodo.agents.concierge.internal;

import jp.kyodo.agents.retrieval.TextNormalizer;
import java.util.Map;
import java.util.regex.Pattern;

/** Detects a request for a person, and words the hand-over in the citizen's language. */
public final class Handover {
    private static final Pattern PERSON = Pattern.compile(String.join("|",
            "人と話", "人間と話", "人間に", "人に代わ", "人につな", "担当者", "担当の人", "係の人", "職員と話", "職員に代わ",
            "職員につな", "職員さんと", "オペレーター", "オペレータ", "有人", "窓口の人と", "電話で話し", "直接話",
            "(?<![a-z])operator", "human (agent|being)", "real person", "talk to (a |an )?(person|human|someone|staff)",
            "speak (to|with) (a |an )?(person|human|someone|staff|agent)", "(?<![a-z])human(?![a-z])",
            "转人工", "人工客服", "真人", "找人工", "상담원", "사람과 (이야기|통화|상담)", "직원과",
            "nhân viên", "người thật", "gặp người"), Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> LOW = Map.of(
            "ja", "申し訳ありません。この質問には確かな案内ができません。担当の職員におつなぎします。",
            "en", "Sorry, I can't answer this reliably. I will pass your question to a staff member.",
            "zh", "抱歉，我无法准确回答这个问题。将为您转接工作人员。",
            "ko", "죄송합니다. 이 질문에는 정확히 답변드릴 수 없습니다. 담당 직원에게 연결해 드리겠습니다.",
            "vi", "Xin lỗi, tôi không thể trả lời chính xác câu hỏi này. Tôi sẽ chuyển câu hỏi cho nhân viên.");
    private static final Map<String, String> PERSON_MSG = Map.of(
            "ja", "担当の職員におつなぎします。少しお待ちください。",
            "en", "I will connect you with a staff member. Please wait a moment.",
            "zh", "将为您转接工作人员，请稍候。",
            "ko", "담당 직원에게 연결해 드리겠습니다. 잠시만 기다려 주세요.",
            "vi", "Tôi sẽ kết nối bạn với nhân viên. Vui lòng chờ trong giây lát.");
    private static final Map<String, String> JA_ONLY = Map.of(
            "en", "This answer is available in Japanese only.",
            "zh", "此回答仅有日语版本。",
            "ko", "이 답변은 일본어로만 제공됩니다.",
            "vi", "Câu trả lời này chỉ có bằng tiếng Nhật.");

    private static final Map<String, String> WHICH = Map.of(
            "ja", "どれについてですか？",
            "en", "Which of these do you mean?",
            "zh", "您想问的是哪一项？",
            "ko", "어느 것에 대해 궁금하신가요?",
            "vi", "Bạn muốn hỏi về mục nào?");
    private static final Map<String, String> OTHER_PLACE = Map.of(
            "ja", "この窓口では、この市区町村の手続きと情報についてお答えしています。ほかの自治体のことは、その自治体にお問い合わせください。",
            "en", "This service answers about this municipality only. Please ask the other municipality directly.",
            "zh", "本服务只回答本市区町村的事务。其他自治体的问题请直接咨询该自治体。",
            "ko", "이 서비스는 이 시구정촌에 관한 질문에만 답합니다. 다른 지자체에 직접 문의해 주세요.",
            "vi", "Dịch vụ này chỉ trả lời về địa phương này. Vui lòng hỏi trực tiếp địa phương kia.");
    private static final Map<String, String> NOT_SERVED = Map.of(
            "ja", "この窓口では、この市区町村の手続きと暮らしの情報についてのご質問にお答えしています。",
            "en", "This service answers questions about this municipality's procedures and services only.",
            "zh", "本服务只回答有关本市区町村的手续和生活信息的问题。",
            "ko", "이 서비스는 이 시구정촌의 절차와 생활 정보에 관한 질문에만 답합니다.",
            "vi", "Dịch vụ này chỉ trả lời câu hỏi về thủ tục và thông tin đời sống của địa phương này.");
    private static final Map<String, String> NOT_A_QUESTION = Map.of(
            "ja", "ご質問を文字で入力してください。",
            "en", "Please type your question in words.",
            "zh", "请用文字输入您的问题。",
            "ko", "질문을 글자로 입력해 주세요.",
            "vi", "Vui lòng nhập câu hỏi bằng chữ.");

    private Handover() {
    }

    public static boolean asksForPerson(String question) {
        return question != null && PERSON.matcher(TextNormalizer.normalize(question)).find();
    }

    static String lowConfidence(String lang) {
        return LOW.getOrDefault(lang, LOW.get("ja"));
    }

    public static String personMessage(String lang) {
        return person(lang);
    }

    static String person(String lang) {
        return PERSON_MSG.getOrDefault(lang, PERSON_MSG.get("ja"));
    }

    static String which(String lang) {
        return WHICH.getOrDefault(lang, WHICH.get("ja"));
    }

    static String otherPlace(String lang) {
        return OTHER_PLACE.getOrDefault(lang, OTHER_PLACE.get("ja"));
    }

    static String notServed(String lang) {
        return NOT_SERVED.getOrDefault(lang, NOT_SERVED.get("ja"));
    }

    static String notAQuestion(String lang) {
        return NOT_A_QUESTION.getOrDefault(lang, NOT_A_QUESTION.get("ja"));
    }

    static String japaneseOnly(String lang) {
        return JA_ONLY.getOrDefault(lang, "");
    }
}
