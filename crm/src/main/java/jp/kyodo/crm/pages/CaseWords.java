package jp.kyodo.crm.pages;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Category;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.SlaState;
import jp.kyodo.crm.citizens.Relationship;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * The message keys of the contact centre's words for its data (status, channel, priority, deadline state, category,
 * kind of timeline entry, relationship), for the templates: {@code ${t.t(CaseWords.status(c.status()))}}. The
 * switches are exhaustive, so a new value of an enum is a compile error here until it has its words.
 */
public final class CaseWords {

    private CaseWords() {
    }

    /** A time in Japan, {@code 2026/12/05 09:30} (one format in every language of the staff pages); empty for null. */
    public static String time(OffsetDateTime t) {
        if (t == null) {
            return "";
        }
        // written digit by digit: a queue page formats two times per row, and DateTimeFormatter's general
        // printer was a tenth of the page's render cost (bench/pages)
        LocalDateTime l = t.atZoneSameInstant(ReceptionNumbers.JAPAN).toLocalDateTime();
        int year = l.getYear();
        if (year < 0 || year > 9999) {
            return DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm").format(l);
        }
        char[] c = new char[16];
        digits(c, 0, year, 4);
        c[4] = '/';
        digits(c, 5, l.getMonthValue(), 2);
        c[7] = '/';
        digits(c, 8, l.getDayOfMonth(), 2);
        c[10] = ' ';
        digits(c, 11, l.getHour(), 2);
        c[13] = ':';
        digits(c, 14, l.getMinute(), 2);
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static String status(CaseStatus s) {
        return switch (s) {
            case NEW -> "case.status.new";
            case ASSIGNED -> "case.status.assigned";
            case WAITING_FOR_CITIZEN -> "case.status.waiting";
            case ESCALATED -> "case.status.escalated";
            case RESOLVED -> "case.status.resolved";
            case CLOSED -> "case.status.closed";
        };
    }

    /** The design system's tag kind of a status. */
    public static String statusTag(CaseStatus s) {
        return switch (s) {
            case NEW, ESCALATED -> "warning";
            case ASSIGNED, WAITING_FOR_CITIZEN -> "info";
            case RESOLVED, CLOSED -> "success";
        };
    }

    public static String channel(Channel c) {
        return switch (c) {
            case CONCIERGE -> "case.channel.concierge";
            case WEB_FORM -> "case.channel.webForm";
            case PHONE -> "case.channel.phone";
            case EMAIL -> "case.channel.email";
            case COUNTER -> "case.channel.counter";
            case MYNAPORTAL -> "case.channel.mynaportal";
        };
    }

    public static String priority(Priority p) {
        return switch (p) {
            case LOW -> "case.priority.low";
            case NORMAL -> "case.priority.normal";
            case HIGH -> "case.priority.high";
            case URGENT -> "case.priority.urgent";
        };
    }

    public static String sla(SlaState s) {
        return switch (s) {
            case MET -> "case.sla.met";
            case ON_TIME -> "case.sla.onTime";
            case NEAR -> "case.sla.near";
            case BREACHED -> "case.sla.breached";
            case LATE -> "case.sla.late";
        };
    }

    /** The class that marks a deadline state ({@code near}, {@code breached}), or null. */
    public static String slaClass(SlaState s) {
        return s == SlaState.BREACHED ? "breached" : s == SlaState.NEAR ? "near" : null;
    }

    /** A category's words by its code ({@code tax}); an unknown code is shown as "other". */
    public static String category(String code) {
        Category c = Category.OTHER;
        for (Category x : Category.values()) {
            if (x.code().equals(code)) {
                c = x;
            }
        }
        return category(c);
    }

    public static String category(Category c) {
        return switch (c) {
            case PROCEDURES -> "case.category.procedures";
            case CHILDCARE -> "case.category.childcare";
            case TAX -> "case.category.tax";
            case INSURANCE -> "case.category.insurance";
            case WELFARE -> "case.category.welfare";
            case WASTE -> "case.category.waste";
            case OTHER -> "case.category.other";
        };
    }

    public static String event(EventKind k) {
        return switch (k) {
            case RECEIVED -> "case.event.received";
            case TRANSCRIPT -> "case.event.transcript";
            case CITIZEN_MESSAGE -> "case.event.citizenMessage";
            case STAFF_REPLY -> "case.event.staffReply";
            case INTERNAL_NOTE -> "case.event.internalNote";
            case CALL_NOTE -> "case.event.callNote";
            case HANDOVER -> "case.event.handover";
            case ASSIGNMENT -> "case.event.assignment";
            case STATUS -> "case.event.status";
            case SLA -> "case.event.sla";
        };
    }

    public static String relationship(Relationship r) {
        return switch (r) {
            case SPOUSE -> "case.relationship.spouse";
            case CHILD -> "case.relationship.child";
            case PARENT -> "case.relationship.parent";
            case GRANDPARENT -> "case.relationship.grandparent";
            case OTHER -> "case.relationship.other";
        };
    }
}
