package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TenantIdTest {
  /** The rule as the class documents it. */
  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]{0,38}[a-z0-9]");

  @Test
  void slugsAreAcceptedExactlyWhenTheyMatchTheDocumentedRule() {
    Random random = new Random(18);
    String alphabet = "abz09-A_ .é";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder slug = new StringBuilder();
      int length = random.nextInt(43);
      for (int k = 0; k < length; k++) {
        slug.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = slug.toString();
      assertThat(TenantId.problemWith(s) == null).as(s).isEqualTo(RULE.matcher(s).matches());
    }
  }

  @Test
  void edgesOfTheRule() {
    assertThat(TenantId.problemWith("ab")).isNull();
    assertThat(TenantId.problemWith("a-2")).isNull();
    assertThat(TenantId.problemWith("a".repeat(40))).isNull();
    assertThat(TenantId.problemWith("a".repeat(41))).contains("invalid");
    assertThat(TenantId.problemWith("a")).contains("invalid");
    assertThat(TenantId.problemWith("2a")).contains("invalid");
    assertThat(TenantId.problemWith("ab-")).contains("invalid");
    assertThat(TenantId.problemWith("Ab")).contains("invalid");
    assertThat(TenantId.problemWith(null)).contains("required");
  }
}
