package dev.cairn.console.security;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;

/**
 * Signs console users in with Keycloak's {@code cairn-console} realm through Jakarta Security's
 * OpenID Connect mechanism (authorization code flow, confidential client). Groups come from the
 * {@code groups} claim. Signing out also ends the Keycloak session and returns to the console.
 */
@ApplicationScoped
@DeclareRoles({"cairn-admins"})
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${oidcSettings.providerUri}",
    clientId = "${oidcSettings.clientId}",
    clientSecret = "${oidcSettings.clientSecret}",
    redirectURI = "${baseURL}/callback",
    // Soteria's restored original request has no parameter map and breaks Faces (NPE in
    // HttpServletRequestDelegator.getParameter), so the callback lands on the console home instead.
    redirectToOriginalResource = false,
    scope = {"openid", "profile", "email"},
    claimsDefinition =
        @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"),
    logout = @LogoutDefinition(notifyProvider = true, redirectURI = "${baseURL}/"))
public class ConsoleSecurity {}
