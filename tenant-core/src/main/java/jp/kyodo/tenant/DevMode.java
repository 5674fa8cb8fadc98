package jp.kyodo.tenant;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Whether this server runs as a development stack ({@code kyodo.dev-mode}, environment {@code KYODO_DEV_MODE};
 * default false). Only the dev stack ({@code ./kyodo run}) and the integration tests set it. Outside dev mode the
 * server refuses development secrets at start, seeds no demo knowledge, and gives staff-side roles only to accounts
 * with a second factor.
 */
public final class DevMode {

    public static final String PROPERTY = "kyodo.dev-mode";

    private DevMode() {
    }

    public static boolean on() {
        return ConfigProvider.getConfig().getOptionalValue(PROPERTY, Boolean.class).orElse(false);
    }
}
