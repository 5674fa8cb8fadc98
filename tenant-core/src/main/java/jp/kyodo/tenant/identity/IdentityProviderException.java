package jp.kyodo.tenant.identity;

import jp.kyodo.tenant.problem.ProblemException;

/** Keycloak refused or could not be reached; the caller's transaction rolls back. */
public class IdentityProviderException extends ProblemException {
    public IdentityProviderException(String what, int status, String body) {
        super(502, "identity-provider", "認証基盤でエラーが発生しました", "The identity provider failed",
                what + " (Keycloak HTTP " + status + ")" + (body == null || body.isBlank() ? "" : ": "
                        + (body.length() > 300 ? body.substring(0, 300) : body)));
    }
}
