package dev.cairn.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.server.TenantId;
import dev.cairn.server.realtime.AppSyncSessionTest.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Realtime connections leave a reserve of the process's file descriptors to requests and the
 * database: at 19,000 idle subscribers on a process limited to 20,000 descriptors, the rest is all
 * the node has for them.
 */
class FileBudgetTest {
  private final MutableClock clock = new MutableClock();

  /** A process with {@code open} descriptors of {@code max}, counting how often it was asked. */
  private static final class Process implements FileBudget.Descriptors {
    long open;
    final long max;
    int readings;

    Process(long open, long max) {
      this.open = open;
      this.max = max;
    }

    @Override
    public long open() {
      readings++;
      return open;
    }

    @Override
    public long max() {
      return max;
    }
  }

  @Test
  void admitsUntilTheReserveAndCountsWhatItAdmittedBetweenReadings() {
    Process process = new Process(9_400, 10_000);
    FileBudget budget = new FileBudget(process, 500, clock, 250);

    int admitted = 0;
    while (budget.tryAdmit()) {
      admitted++;
    }

    assertThat(admitted).as("10,000 - 500 kept - 9,400 open").isEqualTo(100);
    assertThat(process.readings).as("one reading within the sampling time").isEqualTo(1);
  }

  @Test
  void descriptorsClosedSinceAreFoundAtTheNextReading() {
    Process process = new Process(9_500, 10_000);
    FileBudget budget = new FileBudget(process, 500, clock, 250);
    assertThat(budget.tryAdmit()).isFalse();

    process.open = 9_450;
    assertThat(budget.tryAdmit()).as("the last reading is still used").isFalse();
    clock.advance(Duration.ofMillis(250));

    assertThat(budget.tryAdmit()).isTrue();
    assertThat(process.readings).isEqualTo(2);
  }

  @Test
  void aSmallLimitKeepsATenthOfItRatherThanTheWholeReserve() {
    Process process = new Process(300, 1_024);
    FileBudget budget = new FileBudget(process, 500, clock, 250);

    int admitted = 0;
    while (budget.tryAdmit()) {
      admitted++;
    }

    assertThat(budget.reserve()).isEqualTo(102);
    assertThat(admitted).as("1,024 - 102 kept - 300 open").isEqualTo(622);
  }

  @Test
  void anUnknownLimitAdmitsEverything() {
    FileBudget budget = new FileBudget(new Process(1_000_000, -1), 500, clock, 250);

    assertThat(budget.tryAdmit()).isTrue();
    assertThat(FileBudget.UNLIMITED.tryAdmit()).isTrue();
  }

  @Test
  void anUpgradeOverTheBudgetIsRefusedAsALimitAndLoggedWithItsReason() throws Exception {
    Logger logger = Logger.getLogger(CloseLog.LOGGER);
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public synchronized void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      Process process = new Process(19_499, 20_000);
      Realtime realtime =
          new Realtime(
              new FakeBackend(),
              RealtimeLimits.defaults(),
              clock,
              null,
              new FileBudget(process, 500, clock, 250));
      List<String> graphqlWs = List.of("graphql-ws");

      assertThat(realtime.open(TenantId.of("acme"), graphqlWs, null, "10.0.0.1")).isNotNull();
      assertThatThrownBy(() -> realtime.open(TenantId.of("acme"), graphqlWs, null, "10.0.0.2"))
          .isInstanceOfSatisfying(
              RealtimeException.class,
              e -> {
                assertThat(e.errorType()).isEqualTo("LimitExceededException");
                assertThat(e.getMessage())
                    .contains("no file descriptors to spare", "500 of its 20000");
              });
      assertThat(realtime.admission().pending("10.0.0.2"))
          .as("a refused connection is not charged to its address")
          .isZero();
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage())
                    .contains("tenant acme", "(429)", "no file descriptors to spare");
              });
    } finally {
      logger.removeHandler(capture);
    }
  }
}
