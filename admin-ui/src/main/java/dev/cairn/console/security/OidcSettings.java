package dev.cairn.console.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's OpenID Connect client settings, read from MicroProfile Config and referenced by EL
 * from {@link ConsoleSecurity}: {@code cairn.keycloak.url} ({@code CAIRN_KEYCLOAK_URL}), {@code
 * cairn.console.realm}, {@code cairn.console.client-id} and {@code cairn.console.client-secret}
 * ({@code CAIRN_CONSOLE_CLIENT_SECRET}, no default: the launcher generates one).
 */
@Named("oidcSettings")
@ApplicationScoped
public class OidcSettings {
  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Inject
  @ConfigProperty(name = "cairn.console.realm", defaultValue = "cairn-console")
  String realm;

  @Inject
  @ConfigProperty(name = "cairn.console.client-id", defaultValue = "cairn-console")
  String clientId;

  @Inject
  @ConfigProperty(name = "cairn.console.client-secret")
  String clientSecret;

  /** The realm's issuer URL, where the OpenID discovery document is found. */
  public String getProviderUri() {
    String base =
        keycloakUrl.endsWith("/")
            ? keycloakUrl.substring(0, keycloakUrl.length() - 1)
            : keycloakUrl;
    return base + "/realms/" + realm;
  }

  public String getClientId() {
    return clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }
}
