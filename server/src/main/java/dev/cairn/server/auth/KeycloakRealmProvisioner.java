package dev.cairn.server.auth;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.IdentityProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Provisions one Keycloak realm per tenant ({@code cairn-t-<slug>}) through Keycloak's Admin REST
 * API, created in a single request so that Keycloak never holds half a realm: a public client
 * {@value #CLIENT_ID} for apps (authorization code with PKCE S256; redirects to {@code
 * http://localhost} and {@code http://127.0.0.1} on any port, for desktop apps' loopback
 * listeners), a {@code groups} claim mapper (group names, not paths) and an audience mapper so
 * access tokens carry {@code aud: cairn-app}. Tokens are trusted with identity claim {@code sub}
 * and groups claim {@code groups}.
 *
 * <p>Hardened: brute-force detection is on (a user is locked out for a while after {@value
 * #FAILURES_BEFORE_LOCKOUT} failed logins); the password grant ("direct access grants") of the
 * public client is off unless {@code cairn.keycloak.app-direct-grants} ({@code
 * CAIRN_KEYCLOAK_APP_DIRECT_GRANTS}) is true — the embedded/demo mode and the test stack, where
 * scripts and tests log users in with curl. When {@code cairn.mail.smtp.host} is set, the realm
 * sends its mail (password reset, verification) through that SMTP server.
 *
 * <p>Idempotent without ever deleting users: each realm carries the realm attribute {@value
 * #TENANT_ATTRIBUTE} naming its tenant. When the realm already exists (a retried signup whose first
 * attempt created it), it is adopted only if it carries that attribute for this tenant and holds no
 * users; any other realm of that name (made by someone else, or one with users, e.g. after the
 * control-plane database was reset) is left alone and provisioning fails with a message saying so.
 * {@link #deprovision} removes a realm under the same condition only. Keycloak has no conditional
 * delete, so a user created between the check and the delete of a failed signup's realm would be
 * lost; no app can sign users up before the tenant exists. Needs {@code cairn.keycloak.admin.user}
 * and {@code cairn.keycloak.admin.password}.
 */
@ApplicationScoped
public class KeycloakRealmProvisioner implements IdentityProvisioner {
  static final String CLIENT_ID = "cairn-app";
  static final String REALM_PREFIX = "cairn-t-";
  static final String TENANT_ATTRIBUTE = "cairn.tenant";
  static final int FAILURES_BEFORE_LOCKOUT = 10;

  /**
   * Desktop apps receive the authorization code on the loopback interface at an ephemeral port (RFC
   * 8252 §7.3). Keycloak accepts any port for a {@code http://127.0.0.1} redirect registered
   * without one, as it does for {@code http://localhost}.
   */
  static final String LOOPBACK_REDIRECT = "http://127.0.0.1/*";

  @Inject
  @ConfigProperty(name = "cairn.keycloak.app-direct-grants", defaultValue = "false")
  boolean directGrants;

  @Inject
  @ConfigProperty(name = "cairn.mail.smtp.host")
  Optional<String> smtpHost;

  @Inject
  @ConfigProperty(name = "cairn.mail.smtp.port", defaultValue = "25")
  int smtpPort;

  @Inject
  @ConfigProperty(name = "cairn.mail.from", defaultValue = "cairn@localhost")
  String mailFrom;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.url")
  String keycloakUrl;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.realm", defaultValue = "master")
  String adminRealm;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.user")
  Optional<String> adminUser;

  @Inject
  @ConfigProperty(name = "cairn.keycloak.admin.password")
  Optional<String> adminPassword;

  /** The realm name of {@code tenant}. */
  public static String realmOf(TenantId tenant) {
    return REALM_PREFIX + tenant.slug();
  }

  @Override
  public ProvisionedIssuer provision(TenantId tenant) {
    KeycloakAdminClient admin = client();
    String realm = realmOf(tenant);
    try {
      KeycloakAdminClient.Answer created =
          admin.post("", realmRepresentation(tenant, directGrants, smtp()));
      if (created.status() == 409) {
        Existing existing = inspect(admin, tenant);
        if (!existing.exists()) {
          throw new ProvisioningException(
              "Keycloak reported realm " + realm + " as taken, then had no such realm; try again");
        }
        if (existing.refusal() != null) {
          throw new ProvisioningException(
              "Keycloak already has a realm "
                  + realm
                  + " that "
                  + existing.refusal()
                  + "; Cairn neither reuses nor deletes it. Sign up with another slug, or, if that"
                  + " realm is a leftover nobody needs, delete it in Keycloak's admin console and"
                  + " try again");
        }
      } else if (!created.ok()) {
        throw failure("create realm " + realm, created);
      }
    } catch (IOException e) {
      throw new ProvisioningException(
          "Keycloak at " + admin.baseUrl() + " could not be reached: " + e.getMessage(), e);
    }
    String issuer = admin.baseUrl() + "/realms/" + realm;
    return new ProvisionedIssuer(
        issuer, CLIENT_ID, issuer + "/protocol/openid-connect/certs", "sub", "groups", CLIENT_ID);
  }

  @Override
  public void deprovision(TenantId tenant) {
    KeycloakAdminClient admin = client();
    String realm = realmOf(tenant);
    try {
      Existing existing = inspect(admin, tenant);
      if (!existing.exists()) {
        return;
      }
      if (existing.refusal() != null) {
        throw new ProvisioningException(
            "Cairn did not delete Keycloak realm "
                + realm
                + ", a realm that "
                + existing.refusal());
      }
      KeycloakAdminClient.Answer deleted = admin.delete("/" + realm);
      if (!deleted.ok() && deleted.status() != 404) {
        throw failure("delete realm " + realm, deleted);
      }
    } catch (IOException e) {
      throw new ProvisioningException(
          "Keycloak at " + admin.baseUrl() + " could not be reached: " + e.getMessage(), e);
    }
  }

  /**
   * What is found under a tenant's realm name.
   *
   * @param refusal why the realm must not be adopted or deleted, or null when it was made by Cairn
   *     for this tenant and holds no users
   */
  private record Existing(boolean exists, String refusal) {}

  private static Existing inspect(KeycloakAdminClient admin, TenantId tenant) throws IOException {
    String realm = realmOf(tenant);
    KeycloakAdminClient.Answer found = admin.get("/" + realm);
    if (found.status() == 404) {
      return new Existing(false, null);
    }
    if (!found.ok()) {
      throw failure("read realm " + realm, found);
    }
    JsonObject attributes = parse(found.body()).asJsonObject().getJsonObject("attributes");
    if (attributes == null || !tenant.slug().equals(attributes.getString(TENANT_ATTRIBUTE, null))) {
      return new Existing(true, "was not made by Cairn for tenant `" + tenant + "`");
    }
    KeycloakAdminClient.Answer count = admin.get("/" + realm + "/users/count");
    if (!count.ok()) {
      throw failure("count the users of realm " + realm, count);
    }
    int users = ((JsonNumber) parse(count.body())).intValue();
    return new Existing(true, users == 0 ? null : "holds " + users + " user(s)");
  }

  private static JsonValue parse(String body) throws IOException {
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(body))) {
      return reader.readValue();
    } catch (JsonException e) {
      throw new IOException("Keycloak answered with malformed JSON: " + e.getMessage(), e);
    }
  }

  private KeycloakAdminClient client() {
    if (adminUser.isEmpty() || adminPassword.isEmpty()) {
      throw new ProvisioningException(
          "tenant realms cannot be provisioned: set CAIRN_KEYCLOAK_ADMIN_USER and"
              + " CAIRN_KEYCLOAK_ADMIN_PASSWORD (a Keycloak admin of realm "
              + adminRealm
              + ")");
    }
    return new KeycloakAdminClient(keycloakUrl, adminRealm, adminUser.get(), adminPassword.get());
  }

  private static ProvisioningException failure(String what, KeycloakAdminClient.Answer answer) {
    String body = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
    return new ProvisioningException(
        "Keycloak could not " + what + " (HTTP " + answer.status() + "): " + body);
  }

  private Optional<Smtp> smtp() {
    return smtpHost.filter(h -> !h.isBlank()).map(h -> new Smtp(h, smtpPort, mailFrom));
  }

  /** Where a realm sends its mail. */
  record Smtp(String host, int port, String from) {}

  static JsonObject realmRepresentation(
      TenantId tenant, boolean directGrants, Optional<Smtp> smtp) {
    JsonObjectBuilder representation = Jsonp.PROVIDER.createObjectBuilder();
    smtp.ifPresent(
        m ->
            representation.add(
                "smtpServer",
                Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("host", m.host())
                    .add("port", Integer.toString(m.port()))
                    .add("from", m.from())
                    .add("auth", "false")
                    .add("ssl", "false")
                    .add("starttls", "false")));
    return representation
        .add("realm", realmOf(tenant))
        .add("enabled", true)
        .add(
            "attributes", Jsonp.PROVIDER.createObjectBuilder().add(TENANT_ATTRIBUTE, tenant.slug()))
        .add("registrationAllowed", false)
        .add("bruteForceProtected", true)
        .add("permanentLockout", false)
        .add("failureFactor", FAILURES_BEFORE_LOCKOUT)
        .add("waitIncrementSeconds", 60)
        .add("maxFailureWaitSeconds", 900)
        .add("maxDeltaTimeSeconds", 43200)
        .add(
            "clients",
            Jsonp.PROVIDER
                .createArrayBuilder()
                .add(
                    Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("clientId", CLIENT_ID)
                        .add("name", "Apps of this tenant")
                        .add("enabled", true)
                        .add("publicClient", true)
                        .add("standardFlowEnabled", true)
                        .add("directAccessGrantsEnabled", directGrants)
                        .add(
                            "redirectUris",
                            Jsonp.PROVIDER
                                .createArrayBuilder()
                                .add("http://localhost/*")
                                .add(LOOPBACK_REDIRECT))
                        .add("webOrigins", Jsonp.PROVIDER.createArrayBuilder().add("+"))
                        .add(
                            "attributes",
                            Jsonp.PROVIDER
                                .createObjectBuilder()
                                .add("pkce.code.challenge.method", "S256"))
                        .add(
                            "protocolMappers",
                            Jsonp.PROVIDER
                                .createArrayBuilder()
                                .add(
                                    mapper(
                                        "groups",
                                        "oidc-group-membership-mapper",
                                        Jsonp.PROVIDER
                                            .createObjectBuilder()
                                            .add("claim.name", "groups")
                                            .add("full.path", "false")))
                                .add(
                                    mapper(
                                        "audience",
                                        "oidc-audience-mapper",
                                        Jsonp.PROVIDER
                                            .createObjectBuilder()
                                            .add("included.client.audience", CLIENT_ID))))))
        .build();
  }

  private static JsonObject mapper(String name, String type, JsonObjectBuilder config) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("name", name)
        .add("protocol", "openid-connect")
        .add("protocolMapper", type)
        .add(
            "config",
            config
                .add("access.token.claim", "true")
                .add("id.token.claim", "true")
                .add("userinfo.token.claim", "true"))
        .build();
  }
}
