package jp.kyodo.tenant;

import jp.kyodo.tenant.problem.ProblemException;

/** Thrown when tenant data is asked for by a request that has no city. */
public class TenantRequiredException extends ProblemException {
    public TenantRequiredException() {
        super(403, "tenant-required", "自治体が特定できません", "No city could be determined for this request.",
                "この操作には自治体の指定が必要です。 This operation needs a city.");
    }
}
