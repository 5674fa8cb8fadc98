package jp.kyodo.devstack;

import java.util.List;

/**
 * Optional hook that fills the running platform with demonstration data (cities, staff and citizen users, …)
 * through the application's own API, once Liberty answers {@code /health/ready}.
 *
 * <p>{@link DevStack#main} finds the implementation through the system property {@code kyodo.seeder} (a class
 * name with a public no-argument constructor) or else through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/jp.kyodo.devstack.DemoSeeder}). The data directory survives restarts, so the seeder
 * runs on every start and must be idempotent (skip what already exists).
 */
public interface DemoSeeder {

    /**
     * Seeds the demonstration data.
     *
     * @param config the effective configuration (URLs, ports, client secrets)
     * @return extra lines for the banner printed after start (e.g. demo logins of the seeded cities); never null
     * @throws Exception any failure; the launcher reports it and keeps the stack running
     */
    List<String> seed(DevStackConfig config) throws Exception;
}
