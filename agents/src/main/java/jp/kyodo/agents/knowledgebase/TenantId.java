package jp.kyodo.agents.knowledgebase;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tenant (city) a knowledge operation is bound to, e.g. the 6-digit local government code {@code 282022}.
 * Only the caller's infrastructure (the request's tenant context) creates one; it is never read from question text.
 * The value is restricted to safe characters because it names the tenant's index directory.
 */
public record TenantId(String value) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tenant id: " + value);
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
