package jp.kyodo.crm.pages;

import static jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters.withParams;

import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.SlaState;
import jp.kyodo.tenant.City;
import jp.kyodo.tenant.pages.Html;
import jp.kyodo.tenant.pages.PageGate;
import jp.kyodo.tenant.pages.PageShell;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/** What the staff pages share: the gate (signed in, this city, a staff role), the frame, formatting. */
final class StaffPage {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");
    static final String STYLE = "<style>table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #999;"
            + "padding:.3rem .6rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:700}"
            + "textarea,input[type=text],input[type=email],input[type=tel],select{font:inherit;max-width:40rem}"
            + "textarea{width:100%}textarea:focus,input:focus,select:focus{outline:3px solid #ffb800;outline-offset:2px}"
            + ".error{border-left:4px solid #c00;padding-left:1rem}.done{border-left:4px solid #0a7d2c;padding-left:1rem}"
            + ".breached{color:#b00020;font-weight:700}.near{color:#8a4b00;font-weight:700}"
            + ".event{border-left:3px solid #ccc;padding:.2rem .8rem;margin:.5rem 0}.event.internal{background:#f4f4f4}"
            + ".action{border:1px solid #ccc;padding:0 1rem 1rem;margin:1rem 0}nav ul{padding-left:1.2rem}"
            + ".bar{background:#0017c1;height:1.2rem}.bars dd{margin:0 0 .6rem 0}.bars dt{font-weight:400}</style>";

    private StaffPage() {
    }

    /**
     * Null when the caller may use the staff pages of {@code code}; otherwise the response to give (a sign-in was
     * started when nobody is signed in: the response is then committed and null is returned too).
     */
    static Response gate(SecurityContext security, HttpServletRequest request, HttpServletResponse response, City city,
                         String code) throws Exception {
        return switch (PageGate.check(security, request, city, code, "operator", "staff", "city-admin")) {
            case NOT_SIGNED_IN -> {
                security.authenticate(request, response, withParams());
                yield null;
            }
            case OTHER_CITY -> page(403, city, "ご利用いただけません", "<p>このアカウントは" + Html.escape(city.name())
                    + "に登録されていません。 This account does not belong to this city.</p>" + PageShell.signOutForm());
            case MISSING_ROLE -> page(403, city, "権限がありません", "<p>このページはオペレーター・職員向けです。 Staff only.</p>");
            case ADMITTED -> null;
        };
    }

    static Response page(int status, City city, String title, String body) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(render(city, title, "<h1>" + Html.escape(title) + "</h1>" + body)).build();
    }

    static String render(City city, String title, String body) {
        String nav = CrmPages.TEMPLATES.render("staff/nav.jte",
                Map.of("t", CrmPages.MESSAGES.in("ja"), "base", "/c/" + city.code() + "/"));
        return PageShell.render("ja", title + " — " + city.name(), city, STYLE + nav + body);
    }

    static String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t.atZoneSameInstant(ReceptionNumbers.JAPAN));
    }

    static String text(String s) {
        return Html.escape(s).replace("\n", "<br>");
    }

    static String sla(SlaState s) {
        if (s == null) {
            return "";
        }
        String cls = s == SlaState.BREACHED ? " class=\"breached\"" : s == SlaState.NEAR ? " class=\"near\"" : "";
        return "<span" + cls + ">" + Html.escape(s.label()) + "</span>";
    }

    static String status(CaseStatus s) {
        return Html.escape(s.staffLabel());
    }

    static String value(String s) {
        return s == null ? "" : Html.escape(s);
    }
}
