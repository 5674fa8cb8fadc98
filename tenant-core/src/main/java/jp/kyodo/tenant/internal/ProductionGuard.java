package jp.kyodo.tenant.internal;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import jp.kyodo.tenant.DevMode;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * No development default reaches production: outside dev mode ({@link DevMode}) the application refuses to start
 * when a secret is unset or is one of the values shipped for development (the dev stack's defaults, the integration
 * tests' key). It runs before the database migration, so nothing is touched with a development password.
 */
@ApplicationScoped
public class ProductionGuard {

    private static final Logger LOG = Logger.getLogger(ProductionGuard.class.getName());

    /** How the log line of a refused start begins (ProductionStartIT looks for it). */
    public static final String REFUSAL = "[kyodo] refusing to start outside dev mode: ";

    /** Each secret and the development values known for it. */
    static final Map<String, Set<String>> SECRETS = Map.of(
            "kyodo.admin.client.secret", Set.of("kyodo-admin-dev-secret"),
            "kyodo.web.client.secret", Set.of("kyodo-web-dev-secret"),
            "kyodo.db.owner.password", Set.of("kyodo_owner_dev"),
            "kyodo.db.app.password", Set.of("kyodo_app_dev"),
            "kyodo.secrets.key", Set.of("kyodo-devstack-only-secrets-key", "it-only-secrets-key-not-for-production"));

    void onStart(@Observes @Priority(0) Startup startup) {
        if (DevMode.on()) {
            LOG.warning("[kyodo] DEVELOPMENT MODE (kyodo.dev-mode=true): development secrets and demo data are allowed");
            return;
        }
        List<String> problems = problems(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));
        if (!problems.isEmpty()) {
            String message = REFUSAL + String.join("; ", problems)
                    + ". Set each secret (environment KYODO_…), or KYODO_DEV_MODE=true on a development machine only.";
            // one clear line in the server's log for the operator, whatever the container makes of the exception
            LOG.severe(message);
            stopTheServer();
            throw new IllegalStateException(message);
        }
    }

    /**
     * A refusal stops the whole server, not only the module this runs in: Liberty would otherwise go on starting the
     * enterprise application's other modules (the pages) without it. {@code System.exit} runs the server's own
     * shutdown, so it is called from a thread of its own, after this start has failed, to avoid waiting on it.
     */
    private static void stopTheServer() {
        Thread stop = new Thread(() -> System.exit(78), "kyodo-production-guard-stop"); // 78: configuration error
        stop.setDaemon(true);
        stop.start();
    }

    /** What is wrong with the secrets of this configuration (empty when all are set to non-development values). */
    static List<String> problems(Function<String, Optional<String>> config) {
        List<String> out = new ArrayList<>();
        SECRETS.keySet().stream().sorted().forEach(name -> {
            String value = config.apply(name).map(String::strip).orElse("");
            if (value.isEmpty()) {
                out.add(name + " is not set");
            } else if (SECRETS.get(name).contains(value)) {
                out.add(name + " has a development value");
            }
        });
        return out;
    }
}
