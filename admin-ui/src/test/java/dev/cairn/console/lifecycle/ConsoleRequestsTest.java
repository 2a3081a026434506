package dev.cairn.console.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleRequestsTest {
  private final ConsoleRequests requests = new ConsoleRequests();

  @Test
  void afterStopAcceptingNewRequestsAreRefusedAndAdmittedOnesStillCount() {
    assertThat(requests.tryStart()).isTrue();

    requests.stopAccepting();

    assertThat(requests.tryStart()).isFalse();
    assertThat(requests.isAccepting()).isFalse();
    assertThat(requests.getInFlight()).isEqualTo(1);
    requests.finish();
    assertThat(requests.getInFlight()).isZero();
  }

  @Test
  void theConsoleVouchesForItsOwnPassOnlyWhileARequestIsInFlight() {
    assertThat(requests.vouchesFor(requests.pass())).isFalse();
    requests.tryStart();

    assertThat(requests.vouchesFor(requests.pass())).isTrue();
    assertThat(requests.vouchesFor(new ConsoleRequests().pass())).isFalse();
    assertThat(requests.vouchesFor(null)).isFalse();
    assertThat(requests.pass()).hasSize(64);
  }
}
