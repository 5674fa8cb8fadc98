package jp.kyodo.crm.cases.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.kyodo.crm.cases.Attachment;
import jp.kyodo.crm.cases.AttachmentRules;
import jp.kyodo.crm.cases.CaseStatus;
import jp.kyodo.crm.cases.Channel;
import jp.kyodo.crm.cases.EventKind;
import jp.kyodo.crm.cases.Priority;
import jp.kyodo.crm.cases.Route;
import jp.kyodo.crm.cases.RoutingRule;
import jp.kyodo.crm.cases.SlaRules;
import jp.kyodo.crm.cases.SlaTarget;
import jp.kyodo.tenant.TenantContext;
import jp.kyodo.tenant.reception.ReceptionNumbers;

/**
 * Opening a case, whatever brought it (used by {@code CaseIntake} and {@code MyInquiries}, in their transaction):
 * routed to a queue by the city's rules, numbered, given its response target, with the "received" entry, the first
 * message and its files on the timeline. Also the city's routing rules as the router reads them.
 */
@ApplicationScoped
public class CaseOpening {

    @PersistenceContext(unitName = "kyodo")
    EntityManager em;
    @Inject
    TenantContext tenant;
    @Inject
    ReceptionNumbers numbers;
    @Inject
    CityDefaults defaults;
    @Inject
    CaseRecords records;

    /** What routing reads from the city now (see {@link Routing}); one instance serves a batch of cases. */
    public Routing routing() {
        return new Routing();
    }

    /**
     * What routing a new case reads from the city (its queues, installed at first use, and routing rules; SLA targets
     * per priority as asked): read when made, so one instance serves the cases opened together in one transaction.
     */
    public final class Routing {
        final Map<UUID, QueueRow> queues;
        final List<RoutingRule> rules;
        final QueueRow fallback;
        private final Map<Priority, SlaTarget> sla = new java.util.EnumMap<>(Priority.class);

        Routing() {
            tenant.city();
            defaults.ensure();
            queues = records.queuesById();
            rules = rules(queues);
            fallback = defaultQueue(queues.values());
        }

        SlaTarget sla(Priority p) {
            return sla.computeIfAbsent(p, CaseOpening.this::slaTarget);
        }
    }

    public CaseRow open(Channel channel, String category, String subject, String routingText, String firstText,
                            EventKind firstKind, String firstDetail, String citizenSubject, String citizen,
                            String contactName,
                            String contactEmail, String contactPhone, String suggestedDepartment, String language,
                            UUID handoverId, String receptionNumber, Priority requested, String actor,
                            List<AttachmentRules.CheckedFile> files) {
        return open(new Routing(), channel, category, subject, routingText, firstText, firstKind, firstDetail, citizenSubject,
                citizen, contactName, contactEmail, contactPhone, suggestedDepartment, language, handoverId, receptionNumber,
                requested, actor, files);
    }

    public CaseRow open(Routing routing, Channel channel, String category, String subject, String routingText,
                            String firstText, EventKind firstKind, String firstDetail, String citizenSubject, String citizen,
                            String contactName, String contactEmail, String contactPhone, String suggestedDepartment,
                            String language, UUID handoverId, String receptionNumber, Priority requested, String actor,
                            List<AttachmentRules.CheckedFile> files) {
        Map<UUID, QueueRow> queues = routing.queues;
        QueueRow fallback = routing.fallback;
        Route route = Router.route(routing.rules, category,
                subject + "\n" + (routingText != null ? routingText : firstText), suggestedDepartment, requested,
                fallback.code);
        QueueRow queue = queues.values().stream().filter(q -> q.code.equals(route.queueCode())).findFirst()
                .orElse(fallback);
        OffsetDateTime now = OffsetDateTime.now();
        CaseRow row = new CaseRow();
        row.id = UUID.randomUUID();
        row.receptionNumber = receptionNumber != null ? receptionNumber : numbers.next().toString();
        row.channel = channel.name();
        row.category = category;
        row.subject = subject;
        row.department = queue.department != null ? queue.department : suggestedDepartment;
        row.priority = route.priority().name();
        row.status = CaseStatus.NEW.name();
        row.queueId = queue.id;
        row.citizenSubject = citizenSubject;
        row.citizenUsername = citizen;
        row.contactName = contactName;
        row.contactEmail = contactEmail;
        row.contactPhone = contactPhone;
        row.language = language == null || language.isBlank() ? "ja" : language;
        row.handoverId = handoverId == null ? null : handoverId.toString();
        row.createdBy = actor;
        row.createdAt = now;
        row.updatedAt = now;
        SlaTarget target = routing.sla(route.priority());
        row.slaDueAt = now.plusMinutes(target.responseMinutes());
        row.slaWarnAt = row.slaDueAt.minus(SlaRules.warning(target.responseMinutes(), target.warnBeforeMinutes()));
        em.persist(row);
        em.flush();
        JsonObject routed = Json.createObjectBuilder().add("queue", queue.code)
                .add("rule", route.rulePosition() == null ? JsonValue.NULL : Json.createValue(route.rulePosition()))
                .add("priority", route.priority().name()).build();
        records.append(row, now, EventKind.RECEIVED, actor,
                "受付番号 " + row.receptionNumber + " で受け付けました（" + channel.label() + "）。", routed.toString());
        CaseEventRow first = records.append(row, now.plusNanos(1000), firstKind, actor, firstText, firstDetail);
        records.attach(row, first, files, channel == Channel.WEB_FORM ? Attachment.CITIZEN : Attachment.STAFF, actor);
        return row;
    }

    public List<RoutingRule> rules(Map<UUID, QueueRow> queues) {
        return em.createQuery("select r from RoutingRuleRow r order by r.position", RoutingRuleRow.class)
                .getResultStream().filter(r -> queues.containsKey(r.queueId))
                .map(r -> r.toRule(queues.get(r.queueId).code)).toList();
    }

    private static QueueRow defaultQueue(java.util.Collection<QueueRow> queues) {
        return queues.stream().filter(q -> q.isDefault).findFirst()
                .or(() -> queues.stream().filter(q -> q.tier == 2).findFirst())
                .or(() -> queues.stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("the city has no case queue"));
    }

    private SlaTarget slaTarget(Priority p) {
        return em.createQuery("select s from SlaPolicyRow s where s.priority = :p", SlaPolicyRow.class)
                .setParameter("p", p.name()).getResultStream().findFirst()
                .map(s -> new SlaTarget(p, s.responseMinutes, s.warnBeforeMinutes))
                .orElse(new SlaTarget(p, p.defaultResponseMinutes(), null));
    }
}
