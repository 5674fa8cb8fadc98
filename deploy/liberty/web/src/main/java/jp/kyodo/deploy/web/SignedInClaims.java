package jp.kyodo.deploy.web;

import jakarta.security.enterprise.identitystore.openid.Claims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import jp.kyodo.tenant.pages.SignedIn;

/**
 * Hands the signed-in person's token claims to the pages, which live in the EAR's shared library
 * where the OpenID context is not injectable: the organization (city) claim and the display name
 * go into request attributes read through {@link SignedIn}.
 */
@WebFilter("/*")
public class SignedInClaims extends HttpFilter {


    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() != null) {
            try {
                OpenIdContext openId = jakarta.enterprise.inject.spi.CDI.current().select(OpenIdContext.class).get();
                Optional<Claims> orgs = openId.getAccessToken().getJwtClaims().getNested(SignedIn.ORGANIZATION_CLAIM);
                request.setAttribute(SignedIn.CITY_CHECK, (java.util.function.Predicate<String>) code ->
                        orgs.flatMap(o -> o.getNested(code)).isPresent());
                request.setAttribute(SignedIn.DISPLAY_NAME, openId.getIdentityToken().getJwtClaims().getStringClaim("name").orElse(null));
            } catch (RuntimeException notAnOpenIdSession) {
                // signed in by another mechanism: no city membership is known
            }
        }
        chain.doFilter(request, response);
    }
}
