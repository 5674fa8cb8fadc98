package jp.kyodo.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.JsonWebToken;

/**
 * An identity-provider mapper for an OpenID Connect provider that sends one full-name claim, family name first (the
 * デジタル認証アプリ's {@code name}): the account's last name (姓) and first name (名) are the claim split by
 * {@link JapaneseName}. It runs before the first-login review, so the person sees 姓 尼崎 / 名 太郎 and not Keycloak's
 * Western-order guess; on later sign-ins the account's names are left as the person keeps them (the card's name is
 * carried in the session notes, never in the editable profile).
 */
public final class JapaneseNameMapper extends AbstractIdentityProviderMapper {

    public static final String ID = "kyodo-japanese-full-name-idp-mapper";
    static final String CLAIM = "claim";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return new String[] {"oidc", "keycloak-oidc"};
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "Japanese full name (姓 名)";
    }

    @Override
    public String getHelpText() {
        return "Splits a full-name claim, family name first, at its first space (ASCII or ideographic) into last name "
                + "(姓) and first name (名). Without a space the whole name goes to the last name.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty claim = new ProviderConfigProperty();
        claim.setName(CLAIM);
        claim.setLabel("Claim");
        claim.setHelpText("The claim with the full name (default: name).");
        claim.setType(ProviderConfigProperty.STRING_TYPE);
        claim.setDefaultValue("name");
        return List.of(claim);
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapper,
                                            BrokeredIdentityContext context) {
        String full = claim(context, claimName(mapper));
        if (full == null || full.isBlank()) {
            return;
        }
        JapaneseName name = JapaneseName.split(full);
        context.setLastName(name.family());
        context.setFirstName(name.given().isEmpty() ? null : name.given());
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapper,
                              BrokeredIdentityContext context) {
        // the names were set on the context before the review; the account is created from them
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapper,
                                   BrokeredIdentityContext context) {
        // the person's account names are theirs after the first sign-in
    }

    private static String claimName(IdentityProviderMapperModel mapper) {
        Map<String, String> config = mapper.getConfig();
        String c = config == null ? null : config.get(CLAIM);
        return c == null || c.isBlank() ? "name" : c.strip();
    }

    /** The claim from the validated ID token, else from the user-info response (as Keycloak's claim mappers read it). */
    static String claim(BrokeredIdentityContext context, String claim) {
        Object token = context.getContextData().get("VALIDATED_ID_TOKEN");
        if (token instanceof JsonWebToken jwt && jwt.getOtherClaims().get(claim) instanceof String s && !s.isBlank()) {
            return s;
        }
        if (context.getContextData().get("UserInfo") instanceof JsonNode info && info.hasNonNull(claim)) {
            return info.get(claim).asText();
        }
        return null;
    }
}
