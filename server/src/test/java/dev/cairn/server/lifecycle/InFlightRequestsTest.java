package dev.cairn.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {
  private final InFlightRequests requests = new InFlightRequests();

  @Test
  void afterStopAcceptingNewRequestsAreRefusedAndAdmittedOnesStillCount() {
    assertThat(requests.tryStart()).isTrue();

    requests.stopAccepting();

    assertThat(requests.tryStart()).isFalse();
    assertThat(requests.accepting()).isFalse();
    assertThat(requests.count()).isEqualTo(1);
  }

  @Test
  void awaitIdleReturnsOnceTheLastRequestFinishes() throws Exception {
    requests.tryStart();
    requests.tryStart();
    requests.stopAccepting();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Integer> left =
        CompletableFuture.supplyAsync(
            () -> {
              waiting.countDown();
              try {
                return requests.awaitIdle(Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

    requests.finish();
    assertThat(left).isNotDone();
    requests.finish();

    assertThat(left.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void awaitIdleGivesUpAfterTheBoundAndTellsHowManyAreLeft() throws Exception {
    requests.tryStart();

    assertThat(requests.awaitIdle(Duration.ofMillis(50))).isEqualTo(1);
  }
}
