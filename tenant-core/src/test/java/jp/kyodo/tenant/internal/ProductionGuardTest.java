package jp.kyodo.tenant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductionGuardTest {

    @Test
    void everySecretMustBeSetAndNotADevelopmentValue() {
        assertEquals(ProductionGuard.SECRETS.size(), ProductionGuard.problems(name -> Optional.empty()).size(),
                "nothing set: every secret is reported");
        Map<String, String> dev = Map.of("kyodo.admin.client.secret", "kyodo-admin-dev-secret",
                "kyodo.web.client.secret", "kyodo-web-dev-secret", "kyodo.db.owner.password", "kyodo_owner_dev",
                "kyodo.db.app.password", "kyodo_app_dev", "kyodo.secrets.key", "kyodo-devstack-only-secrets-key");
        List<String> devProblems = ProductionGuard.problems(name -> Optional.ofNullable(dev.get(name)));
        assertEquals(5, devProblems.size(), devProblems::toString);
        assertTrue(devProblems.stream().allMatch(p -> p.endsWith("has a development value")), devProblems::toString);

        Map<String, String> real = new HashMap<>();
        ProductionGuard.SECRETS.keySet().forEach(k -> real.put(k, "s3cr3t-" + k.hashCode()));
        assertEquals(List.of(), ProductionGuard.problems(name -> Optional.ofNullable(real.get(name))));
        real.put("kyodo.secrets.key", "   ");
        assertEquals(List.of("kyodo.secrets.key is not set"), ProductionGuard.problems(name -> Optional.ofNullable(real.get(name))));
    }
}
