package jp.kyodo.integration.internal;

import java.util.Set;

/**
 * The platform outbox carries two kinds of message: messages <em>to a partner</em> (topic {@code <partner>.<kind>},
 * e.g. {@code child-allowance.application-approved}) and <em>events of another Kyodo module</em> for whoever acts on
 * them (e.g. the applications capability's {@code applications.submitted / decided / withdrawn}). An event is not a
 * partner message: when no route of the integration layer subscribes to it, the dispatcher consumes it (marks it
 * sent without calling anyone) instead of treating it as undeliverable. A topic in neither group is a programming
 * error and goes to the dead letters.
 */
final class PlatformEvents {

    /** The first topic segments of module events (applications: ApplicationEvents in crm). */
    static final Set<String> NAMESPACES = Set.of("applications");

    private PlatformEvents() {
    }

    /** Whether the topic is a module event rather than a partner message. */
    static boolean isEvent(String topic) {
        if (topic == null) {
            return false;
        }
        int dot = topic.indexOf('.');
        return dot > 0 && NAMESPACES.contains(topic.substring(0, dot));
    }
}
