package jp.kyodo.it;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.event.DeployDeployment;
import org.jboss.arquillian.container.spi.event.StopSuiteContainers;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * The application is deployed once for the whole integration-test run, not once per test class. Every IT class declares
 * the same deployment ({@link Platform#application()}, {@code testable = false}); Arquillian would undeploy it after
 * each class and deploy it again before the next — about 6 s each on this machine, minutes over the suite — although
 * nothing in the tests needs a fresh application: each class creates its own cities ({@link TestCity}) and its own
 * accounts. The first class deploys it; later deployments of an archive of the same name and the undeployments after
 * each class are skipped; it is undeployed once, before the container stops at the end of the suite.
 *
 * <p>Registered as an Arquillian extension (META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension). A
 * class that declares an archive of another name is deployed and undeployed as usual.
 */
public final class DeployOnce implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Observer.class);
    }

    /** Intercepts Arquillian's deployment events (an {@link EventContext} observer runs around the event's handling). */
    public static final class Observer {

        private static final Map<String, Deployed> DEPLOYED = new LinkedHashMap<>();

        record Deployed(DeployableContainer<?> container, Archive<?> archive) {
        }

        public void deploy(@org.jboss.arquillian.core.api.annotation.Observes EventContext<DeployDeployment> event) {
            Archive<?> archive = event.getEvent().getDeployment().getDescription().getArchive();
            String name = archive == null ? null : archive.getName();
            synchronized (DEPLOYED) {
                if (name != null && DEPLOYED.containsKey(name)) {
                    return; // already deployed by an earlier class: skip
                }
                event.proceed();
                if (name != null && event.getEvent().getDeployment().isDeployed()) {
                    DEPLOYED.put(name, new Deployed(event.getEvent().getDeployableContainer(), archive));
                }
            }
        }

        public void undeploy(@org.jboss.arquillian.core.api.annotation.Observes EventContext<UnDeployDeployment> event) {
            Archive<?> archive = event.getEvent().getDeployment().getDescription().getArchive();
            synchronized (DEPLOYED) {
                if (archive != null && DEPLOYED.containsKey(archive.getName())) {
                    return; // kept for the next class; undeployed when the suite ends
                }
            }
            event.proceed();
        }

        public void stop(@org.jboss.arquillian.core.api.annotation.Observes EventContext<StopSuiteContainers> event) {
            synchronized (DEPLOYED) {
                for (Deployed d : DEPLOYED.values()) {
                    try {
                        d.container().undeploy(d.archive());
                    } catch (Exception e) {
                        System.err.println("[it] undeploying " + d.archive().getName() + " at the end of the suite: " + e);
                    }
                }
                DEPLOYED.clear();
            }
            event.proceed();
        }
    }
}
