package dev.cairn.server.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's {@link OutboundPolicy}, from configuration: {@code cairn.outbound.allow-http} ({@code
 * CAIRN_OUTBOUND_ALLOW_HTTP}, default false; the launcher and the test stack, the embedded mode,
 * set it) and {@code cairn.outbound.allow} ({@code CAIRN_OUTBOUND_ALLOW}, comma-separated origins,
 * host names and CIDR blocks). The origin of {@code cairn.keycloak.url} is always allowed: it is
 * where Cairn provisions the tenants' own realms.
 */
@ApplicationScoped
public class OutboundBeans {
  @Inject
  @ConfigProperty(name = "cairn.outbound.allow-http", defaultValue = "false")
  boolean allowHttp;

  /** Comma-separated; read as one string (Payara cannot inject {@code Optional<List<String>>}). */
  @Inject
  @ConfigProperty(name = "cairn.outbound.allow")
  Optional<String> allow;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Produces
  @Singleton
  OutboundPolicy policy() {
    List<String> entries = new ArrayList<>(List.of(allow.orElse("").split(",")));
    URI keycloak = URI.create(keycloakUrl);
    entries.add(
        keycloak.getScheme()
            + "://"
            + keycloak.getHost()
            + (keycloak.getPort() >= 0 ? ":" + keycloak.getPort() : ""));
    return OutboundPolicy.of(allowHttp, entries);
  }
}
