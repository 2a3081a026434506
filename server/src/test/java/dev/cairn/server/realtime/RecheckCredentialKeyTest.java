package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.TenantId;
import dev.cairn.server.realtime.Recheck.CredentialKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A recheck round shares one credential check between subscriptions whose keys are equal, so keys
 * must be equal exactly when tenant and auth headers are: never for two different credentials,
 * whatever their text holds.
 */
class RecheckCredentialKeyTest {
  private static final TenantId ACME = TenantId.of("acme");

  @Test
  void equalHeadersInAnyOrderMakeEqualKeys() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("x-api-key", "k1");
    one.put("host", "localhost:8080");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("host", "localhost:8080");
    other.put("x-api-key", "k1");

    assertThat(new CredentialKey(ACME, one)).isEqualTo(new CredentialKey(ACME, Map.copyOf(other)));
    assertThat(new CredentialKey(ACME, one).hashCode())
        .isEqualTo(new CredentialKey(ACME, other).hashCode());
  }

  @Test
  void differentCredentialsTenantsOrHeaderSplitsNeverMakeEqualKeys() {
    CredentialKey key = new CredentialKey(ACME, Map.of("x-api-key", "k1"));

    assertThat(key).isNotEqualTo(new CredentialKey(ACME, Map.of("x-api-key", "k2")));
    assertThat(key)
        .isNotEqualTo(new CredentialKey(TenantId.of("other"), Map.of("x-api-key", "k1")));
    assertThat(key)
        .isNotEqualTo(new CredentialKey(ACME, Map.of("x-api-key", "k1", "Authorization", "t")));
    // the same characters split differently between names and values
    assertThat(new CredentialKey(ACME, Map.of("a", "b1:c")))
        .isNotEqualTo(new CredentialKey(ACME, Map.of("a1:b", "c")));
    assertThat(new CredentialKey(ACME, Map.of("a", "1:b", "c", "d")))
        .isNotEqualTo(new CredentialKey(ACME, Map.of("a", "", "b", "1:cd")));
  }
}
