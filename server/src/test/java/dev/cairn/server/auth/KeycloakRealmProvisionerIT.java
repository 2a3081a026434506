package dev.cairn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.IdentityProvisioner.ProvisionedIssuer;
import dev.cairn.server.tenancy.IdentityProvisioner.ProvisioningException;
import dev.cairn.testkit.CairnStackExtension;
import dev.cairn.testkit.TestKeycloak;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The realm provisioner against the test run's real Keycloak: a retried or mistaken signup adopts
 * only an empty realm Cairn made for the same tenant, and never deletes a realm holding users or
 * one Cairn did not make.
 */
@ExtendWith(CairnStackExtension.class)
class KeycloakRealmProvisionerIT {
  private TestKeycloak keycloak;
  private KeycloakRealmProvisioner provisioner;
  private KeycloakAdminClient admin;
  private TenantId tenant;

  @BeforeEach
  void wire(TestKeycloak keycloak) {
    this.keycloak = keycloak;
    provisioner = new KeycloakRealmProvisioner();
    provisioner.keycloakUrl = keycloak.url();
    provisioner.adminRealm = "master";
    provisioner.adminUser = Optional.of(keycloak.adminUserForTests());
    provisioner.adminPassword = Optional.of(keycloak.adminPasswordForTests());
    provisioner.smtpHost = Optional.empty();
    provisioner.mailFrom = "cairn@localhost";
    provisioner.directGrants = true; // the test stack is demo mode: users sign in by password
    admin =
        new KeycloakAdminClient(
            keycloak.url(),
            "master",
            keycloak.adminUserForTests(),
            keycloak.adminPasswordForTests());
    tenant = TenantId.of("prov-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void aRetriedSignupAdoptsTheEmptyRealmItMadeForTheSameTenant() throws IOException {
    ProvisionedIssuer first = provisioner.provision(tenant);
    String realmId = realmId();

    ProvisionedIssuer retried = provisioner.provision(tenant);

    assertThat(retried).isEqualTo(first);
    assertThat(realmId()).as("the realm was not deleted and created again").isEqualTo(realmId);
  }

  @Test
  void aRetriedSignupNeverDeletesARealmHoldingUsers() throws IOException {
    provisioner.provision(tenant);
    keycloak.createUser(realm(), "alice", "pw");
    String realmId = realmId();

    assertThatThrownBy(() -> provisioner.provision(tenant))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("realm " + realm() + " that holds 1 user(s)")
        .hasMessageContaining("Sign up with another slug");

    assertThat(realmId()).isEqualTo(realmId);
    assertThat(keycloak.passwordGrant(realm(), KeycloakRealmProvisioner.CLIENT_ID, "alice", "pw"))
        .isNotBlank();
  }

  @Test
  void aRealmCairnDidNotMakeIsNeitherAdoptedNorDeleted() throws IOException {
    KeycloakAdminClient.Answer created =
        admin.post(
            "", Json.createObjectBuilder().add("realm", realm()).add("enabled", true).build());
    assertThat(created.status()).isEqualTo(201);
    String realmId = realmId();

    assertThatThrownBy(() -> provisioner.provision(tenant))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("was not made by Cairn for tenant `" + tenant + "`");
    assertThatThrownBy(() -> provisioner.deprovision(tenant))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("Cairn did not delete Keycloak realm " + realm());

    assertThat(realmId()).isEqualTo(realmId);
    admin.delete("/" + realm());
  }

  @Test
  void releasingAFailedSignupNeverDeletesARealmHoldingUsers() throws IOException {
    provisioner.provision(tenant);
    keycloak.createUser(realm(), "bob", "pw");
    String realmId = realmId();

    assertThatThrownBy(() -> provisioner.deprovision(tenant))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("holds 1 user(s)");

    assertThat(realmId()).isEqualTo(realmId);
  }

  @Test
  void releasingAFailedSignupRemovesTheEmptyRealmItMade() throws IOException {
    provisioner.provision(tenant);

    provisioner.deprovision(tenant);
    provisioner.deprovision(tenant);

    assertThat(admin.get("/" + realm()).status()).isEqualTo(404);
  }

  private String realm() {
    return KeycloakRealmProvisioner.realmOf(tenant);
  }

  private String realmId() throws IOException {
    KeycloakAdminClient.Answer found = admin.get("/" + realm());
    assertThat(found.status()).isEqualTo(200);
    try (var reader = Json.createReader(new StringReader(found.body()))) {
      return reader.readObject().getString("id");
    }
  }
}
