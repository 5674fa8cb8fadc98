package jp.kyodo.crm.pages;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.CaseSummary;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.SlaState;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.FormState;
import jp.kyodo.tenant.pages.Text;
import jp.kyodo.tenant.pages.Ui;

/**
 * The staff queue (a page of 25 cases) rendered before issue 11 (main's StringBuilder list and staff frame, copied here
 * as the baseline; the old page frame is the caller's) and now (the {@code staff/list.jte} template in the staff frame
 * and the city's frame, as {@code StaffCasePages} renders it). For the render-cost bench (portal's {@code PagesBench}).
 */
public final class StaffQueueRender {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    private static final String STYLE = "<style>table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;"
            + "padding:.3rem .6rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:700}"
            + "textarea,input[type=text],input[type=email],input[type=tel],select{font:inherit;max-width:40rem}"
            + "textarea{width:100%}textarea:focus,input:focus,select:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".error{border-left:4px solid #c00;padding-left:1rem}.done{border-left:4px solid #0a7d2c;padding-left:1rem}"
            + ".breached{color:#b00020;font-weight:700}.near{color:#8a4b00;font-weight:700}"
            + ".event{border-left:3px solid #ccc;padding:.2rem .8rem;margin:.5rem 0}.event.internal{background:#f4f4f4}"
            + ".action{border:1px solid #ccc;padding:0 1rem 1rem;margin:1rem 0}nav ul{padding-left:1.2rem}"
            + ".bar{background:#0017c1;height:1.2rem}.bars dd{margin:0 0 .6rem 0}.bars dt{font-weight:400}</style>";

    private StaffQueueRender() {
    }

    /** {@code n} cases of a queue, every status, channel and priority, some unassigned, some past their target. */
    public static List<CaseSummary> cases(int n) {
        List<CaseSummary> out = new ArrayList<>();
        OffsetDateTime at = OffsetDateTime.of(2026, 12, 1, 9, 30, 0, 0, ZoneOffset.ofHours(9));
        for (int i = 0; i < n; i++) {
            out.add(new CaseSummary(UUID.randomUUID(), String.format("2026-%06d", 100 + i),
                    Channel.values()[i % Channel.values().length], "tax", "住民税の<納付>について 第" + i + "期分の相談",
                    Priority.values()[i % Priority.values().length], CaseStatus.values()[i % CaseStatus.values().length],
                    "operator", "オペレーター窓口", i % 3 == 0 ? null : "職員 花子", "citizen-282022", null, at.minusHours(i),
                    at, at.plusDays(3).minusHours(i), SlaState.values()[i % SlaState.values().length]));
        }
        return out;
    }

    /** Before: the list as main built it in Java, in the old staff frame, inside {@code frame(title, body)}. */
    public static String before(City city, String title, List<CaseSummary> list, BiFunction<String, String, String> frame) {
        String c = escape(city.code());
        StringBuilder b = new StringBuilder("<h1>").append(escape(title)).append("</h1>");
        b.append("<form method=\"get\"><p><label for=\"status\">状況で絞り込む</label> <select id=\"status\" name=\"status\">")
                .append("<option value=\"\">完了以外すべて</option>");
        for (CaseStatus x : CaseStatus.values()) {
            b.append("<option value=\"").append(x.name()).append("\">").append(escape(x.staffLabel())).append("</option>");
        }
        b.append("</select> <button type=\"submit\">絞り込む</button></p></form>");
        b.append("<table><caption>案件 ").append(list.size()).append("件</caption><thead><tr><th scope=\"col\">受付番号</th>")
                .append("<th scope=\"col\">件名</th><th scope=\"col\">チャネル</th><th scope=\"col\">優先度</th>")
                .append("<th scope=\"col\">状況</th><th scope=\"col\">担当</th><th scope=\"col\">受付日時</th>")
                .append("<th scope=\"col\">対応期限</th></tr></thead><tbody>");
        for (CaseSummary x : list) {
            b.append("<tr><th scope=\"row\"><a href=\"/c/").append(c).append("/staff/cases/").append(escape(x.receptionNumber()))
                    .append("\">").append(escape(x.receptionNumber())).append("</a></th><td>").append(escape(x.subject()))
                    .append("</td><td>").append(escape(x.channel().label())).append("</td><td>")
                    .append(escape(x.priority().label())).append("</td><td>").append(escape(x.status().staffLabel()))
                    .append("</td><td>").append(x.assignee() == null ? "未担当" : escape(x.assignee())).append("</td><td>")
                    .append(time(x.createdAt())).append("</td><td>").append(time(x.slaDueAt())).append(" ")
                    .append(x.sla() == null ? "" : "<span class=\"" + (x.sla() == SlaState.BREACHED ? "breached" : "near") + "\">"
                            + escape(x.sla().label()) + "</span>")
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        String nav = "<nav aria-label=\"職員メニュー\"><ul>"
                + "<li><a href=\"/c/" + c + "/staff/cases\">窓口一覧</a></li>"
                + "<li><a href=\"/c/" + c + "/staff/cases/mine\">自分の担当案件</a></li>"
                + "<li><a href=\"/c/" + c + "/staff/cases/new\">電話・窓口の記録</a></li>"
                + "<li><a href=\"/c/" + c + "/staff/dashboard\">ダッシュボード</a></li>"
                + "<li><a href=\"/c/" + c + "/staff/faq-proposals\">FAQ改善提案</a></li>"
                + "<li><a href=\"/c/" + c + "/staff/settings\">窓口・振り分け・期限の設定</a></li></ul></nav>";
        return frame.apply(title + " — " + city.name(), STYLE + nav + b);
    }

    /** After: the template page as {@code StaffCasePages} renders a queue (filters, sort, table, pagination). */
    public static String after(City city, String title, List<CaseSummary> list) {
        Text t = CrmPages.MESSAGES.in("ja");
        return StaffPage.page(city, t, title, "cases", CrmPages.TEMPLATES.content("staff/list.jte", listParams(city, t, title, list)));
    }

    /** The queue's parameters as {@code StaffCasePages} gives them to {@code staff/list.jte}. */
    static Map<String, Object> listParams(City city, Text t, String title, List<CaseSummary> list) {
        Map<String, Object> p = StaffCasePages.listFilters(t);
        p.put("base", "/c/" + city.code() + "/");
        p.put("title", title);
        p.put("filters", FormState.empty().value("status", "").value("priority", "").value("q", "").value("sort", "newest"));
        p.put("cases", list);
        p.put("total", list.size());
        p.put("page", 1);
        p.put("pages", 1);
        p.put("pagination", Ui.pagination(Ui.words(t.tag()), "/c/" + city.code() + "/staff/cases/queues/operator?sort=newest", 1, 1));
        return p;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(ZoneOffset.ofHours(9)));
    }

    /** main's {@code Html.escape}, kept here for the baseline only (the application has no such helper any more). */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
