package jp.kyodo.portal.applications;

import java.util.Map;
import jp.kyodo.tenant.pages.PageLanguage;

/**
 * Every text of the application pages, Japanese and English, in one place (so that moving them to the message bundles
 * of the template engine is mechanical). Values with {@code {0}} take one argument.
 */
final class ApplicationText {

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("title.list", new String[] {"申請", "Applications"}),
            Map.entry("title.new", new String[] {"オンラインで申請できる手続き", "Procedures you can apply for online"}),
            Map.entry("title.review", new String[] {"申請内容の確認", "Check your application"}),
            Map.entry("title.receipt", new String[] {"申請を受け付けました", "Your application was received"}),
            Map.entry("none", new String[] {"申請はまだありません。", "You have no applications yet."}),
            Map.entry("start.link", new String[] {"オンラインで申請する", "Apply online"}),
            Map.entry("start", new String[] {"申請をはじめる", "Start"}),
            Map.entry("start.for", new String[] {"誰についての申請ですか", "Who is this application for?"}),
            Map.entry("start.noMember", new String[] {"この手続きは、世帯の情報で「代理で手続きする」になっている方について申請できます。"
                    + "世帯の情報に登録してください。", "You can apply for a member of your household you act for; add them to "
                    + "your household first."}),
            Map.entry("col.number", new String[] {"受付番号", "Reception number"}),
            Map.entry("col.procedure", new String[] {"手続き", "Procedure"}),
            Map.entry("col.status", new String[] {"状況", "Status"}),
            Map.entry("col.date", new String[] {"提出日", "Submitted"}),
            Map.entry("draft", new String[] {"（下書き）", "(draft)"}),
            Map.entry("continue", new String[] {"続きを入力する", "Continue"}),
            Map.entry("prefilled", new String[] {"市が把握している情報をあらかじめ入力しています。違っているところは直してください。",
                    "We filled in what the city already knows. Correct anything that is wrong."}),
            Map.entry("required", new String[] {"必須", "required"}),
            Map.entry("row", new String[] {"{0} 件目", "Entry {0}"}),
            Map.entry("addRow", new String[] {"行を追加する", "Add an entry"}),
            Map.entry("save", new String[] {"下書きを保存する", "Save draft"}),
            Map.entry("toReview", new String[] {"入力内容を確認する", "Check your answers"}),
            Map.entry("saved", new String[] {"下書きを保存しました。", "Draft saved."}),
            Map.entry("errors", new String[] {"入力内容に誤りがあります", "There is a problem"}),
            Map.entry("documents", new String[] {"添付書類", "Documents"}),
            Map.entry("upload", new String[] {"添付する", "Attach"}),
            Map.entry("fileFor", new String[] {"添付する書類", "Document"}),
            Map.entry("file", new String[] {"ファイル", "File"}),
            Map.entry("attached", new String[] {"添付済み: {0}", "Attached: {0}"}),
            Map.entry("notAttached", new String[] {"まだ添付されていません", "Not attached yet"}),
            Map.entry("missing", new String[] {"提出する前に、次のものが必要です", "Before you submit, you need"}),
            Map.entry("submit", new String[] {"この内容で申請する", "Submit this application"}),
            Map.entry("edit", new String[] {"入力内容を直す", "Change your answers"}),
            Map.entry("yes", new String[] {"はい", "Yes"}),
            Map.entry("no", new String[] {"いいえ", "No"}),
            Map.entry("choose", new String[] {"選んでください", "Choose"}),
            Map.entry("next", new String[] {"このあとの流れ", "What happens next"}),
            Map.entry("timeline", new String[] {"これまでの経過", "Progress"}),
            Map.entry("notice", new String[] {"通知書（PDF）を開く", "Open the notice (PDF)"}),
            Map.entry("request", new String[] {"市からのお願い", "The city asks"}),
            Map.entry("answer", new String[] {"お願いに答える", "Answer the request"}),
            Map.entry("message", new String[] {"メッセージ", "Message"}),
            Map.entry("send", new String[] {"送信する", "Send"}),
            Map.entry("withdraw", new String[] {"申請を取り下げる", "Withdraw the application"}),
            Map.entry("withdrawReason", new String[] {"取り下げる理由（任意）", "Why (optional)"}),
            Map.entry("answers", new String[] {"申請内容", "Your answers"}),
            Map.entry("expired", new String[] {"画面の有効期限が切れました。もう一度操作してください。",
                    "This page expired. Please try again."}),
            Map.entry("back", new String[] {"申請の一覧へ戻る", "Back to your applications"}));

    private ApplicationText() {
    }

    static String t(PageLanguage l, String key) {
        String[] v = TEXT.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no text " + key);
        }
        return l.english() ? v[1] : v[0];
    }

    static String t(PageLanguage l, String key, Object arg) {
        return t(l, key).replace("{0}", String.valueOf(arg));
    }
}
