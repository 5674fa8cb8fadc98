package jp.kyodo.deploy.api;

import jakarta.servlet.annotation.WebFilter;
import java.util.List;
import jp.kyodo.tenant.web.ReadRequestTransaction;

/**
 * One transaction per API read (tenant-core's {@link ReadRequestTransaction}); the vendor's and the national
 * cross-city resources, the integration resources (Camel, partner systems) and the benchmark's reference keep the
 * transactions their services declare.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class ApiReadTransaction extends ReadRequestTransaction {

    private static final List<String> OWN_TRANSACTIONS = List.of("/v1/cities", "/v1/statistics", "/v1/integration",
            "/v1/bench");

    @Override
    protected boolean ordinary(String path) {
        return path.startsWith("/v1/") && !under(path, OWN_TRANSACTIONS);
    }
}
