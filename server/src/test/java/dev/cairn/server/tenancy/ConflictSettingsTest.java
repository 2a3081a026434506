package dev.cairn.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConflictSettingsTest {
  final TenancyFixture f = new TenancyFixture();
  TenantId acme;

  @BeforeEach
  void signUp() {
    acme = f.tenants.signup(TenancyFixture.ANA, "acme", null).id();
  }

  @AfterEach
  void close() {
    f.close();
  }

  private ConflictSettings.Saved custom(String webhook, boolean rotate) {
    return f.conflicts.set(
        TenancyFixture.ANA, acme, ConflictStrategy.CUSTOM, Map.of(), webhook, rotate);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/c",
        "https://127.0.0.1:8080/admin",
        "https://169.254.169.254/latest/meta-data/",
        "https://192.168.1.1/",
        "https://[::ffff:10.0.0.1]/",
        "file:///etc/passwd"
      })
  void aWebhookThatIsNotPublicHttpsIsRefused(String url) {
    assertThatThrownBy(() -> custom(url, false))
        .isInstanceOfSatisfying(
            TenancyException.class, e -> assertThat(e.getMessage()).startsWith("webhook: "));
  }

  @Test
  void theSigningSecretIsShownWhenMadeAndOnRotationOnlyAndNeverAudited() {
    ConflictSettings.Saved first = custom("https://hooks.example.com/c", false);
    ConflictSettings.Saved again = custom("https://hooks.example.com/d", false);
    ConflictSettings.Saved rotated = custom("https://hooks.example.com/d", true);

    assertThat(first.newWebhookSecret())
        .hasValueSatisfying(s -> assertThat(s).startsWith("whsec_"));
    assertThat(again.newWebhookSecret()).isEmpty();
    assertThat(rotated.newWebhookSecret()).isPresent().isNotEqualTo(first.newWebhookSecret());
    assertThat(f.tx.inTransaction(cp -> cp.conflicts().webhookSecret(acme)).orElseThrow().secret())
        .isEqualTo(rotated.newWebhookSecret().orElseThrow());
    for (AuditEvent e : f.audit.recent(TenancyFixture.ANA, acme, 10)) {
      assertThat(e.after().orElse("")).doesNotContain(first.newWebhookSecret().orElseThrow());
      assertThat(e.after().orElse("")).doesNotContain(rotated.newWebhookSecret().orElseThrow());
    }
  }
}
