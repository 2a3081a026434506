package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorTypeTest {
  @Test
  void onlyLimitsThrottlingAndServerFailuresAreWorthSendingAgain() {
    assertThat(Arrays.stream(ErrorType.values()).filter(ErrorType::isRetryable))
        .containsExactlyInAnyOrder(
            ErrorType.LIMIT_EXCEEDED, ErrorType.THROTTLING, ErrorType.INTERNAL_FAILURE);
  }

  @Test
  void namesAreAppSyncsAndDistinct() {
    assertThat(ErrorType.UNAUTHENTICATED.wireName()).isEqualTo("UnauthorizedException");
    assertThat(ErrorType.UNAUTHORIZED.wireName()).isEqualTo("Unauthorized");
    assertThat(ErrorType.CONFLICT_UNHANDLED.wireName()).isEqualTo("ConflictUnhandled");
    assertThat(Arrays.stream(ErrorType.values()).map(ErrorType::wireName)).doesNotHaveDuplicates();
  }
}
