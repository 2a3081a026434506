package dev.cairn.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RefreshingTokenTest {
  @Test
  void theExpiryIsTheJwtsExpClaim() {
    String claims = "{\"sub\":\"demo\",\"exp\":1800000000}";
    String jwt =
        "e30."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + ".sig";

    assertThat(RefreshingToken.expiryOf(jwt)).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
  }

  @Test
  void anUnreadableTokenCountsAsExpired() {
    assertThat(RefreshingToken.expiryOf("not-a-jwt")).isEqualTo(Instant.EPOCH);
    assertThat(RefreshingToken.expiryOf("a.%%%.b")).isEqualTo(Instant.EPOCH);
  }
}
