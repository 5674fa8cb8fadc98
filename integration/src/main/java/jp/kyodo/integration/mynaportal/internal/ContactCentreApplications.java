package jp.kyodo.integration.mynaportal.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jp.kyodo.crm.cases.CaseIntake;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.integration.mynaportal.ReceivedApplication;
import jp.kyodo.integration.mynaportal.ReceivedApplications;

/** Until the applications capability lands: each received application becomes a case in the city's queue. */
@ApplicationScoped
public class ContactCentreApplications implements ReceivedApplications {

    @Inject
    CaseIntake cases;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void receive(ReceivedApplication a) {
        receiveAll(java.util.List.of(a));
    }

    /** The batch's cases in one call: the city's queues and routing rules are read once for all of them. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void receiveAll(java.util.List<ReceivedApplication> applications) {
        if (!applications.isEmpty()) {
            cases.receiveAllFromPartner(Channel.MYNAPORTAL, applications.stream().map(ContactCentreApplications::message).toList(),
                    "mynaportal");
        }
    }

    private static CaseIntake.PartnerMessage message(ReceivedApplication a) {
        StringBuilder text = new StringBuilder();
        text.append("マイナポータルで受け付けた申請です。\n受付番号（マイナポータル）: ").append(a.receiptNumber())
                .append("\n手続: ").append(a.procedureName()).append("（").append(a.procedureCode()).append("）")
                .append("\n申請日時: ").append(a.receivedAt())
                .append("\n申請者: ").append(a.applicantName());
        if (a.applicantAddress() != null) {
            text.append("\n住所: ").append(a.applicantAddress());
        }
        text.append("\n申請内容: ").append(a.formJson());
        if (!a.attachments().isEmpty()) {
            text.append("\n添付: ");
            a.attachments().forEach(f -> text.append(f.fileName()).append("（").append(f.size()).append("バイト） "));
        }
        String subject = ("【マイナポータル】" + a.procedureName() + " " + a.receiptNumber());
        return new CaseIntake.PartnerMessage("procedures", subject.length() > 100 ? subject.substring(0, 100) : subject,
                text.length() > 8000 ? text.substring(0, 8000) : text.toString(), a.applicantName());
    }
}
