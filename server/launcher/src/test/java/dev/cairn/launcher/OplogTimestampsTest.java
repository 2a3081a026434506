package dev.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OplogTimestampsTest {
  private static final long SECOND = 1_800_000_000L;

  @Test
  void aClockOpenedInTheSameSecondAsTheNewestStoredEntryGoesOnAfterIt() {
    OplogTimestamps timestamps = new OplogTimestamps(at(SECOND), (SECOND << 32) | 500);

    assertThat(timestamps.next()).isEqualTo((SECOND << 32) | 501);
    assertThat(timestamps.next()).isEqualTo((SECOND << 32) | 502);
  }

  @Test
  void aClockOpenedBehindTheNewestStoredEntryStillGoesOnAfterIt() {
    OplogTimestamps timestamps = new OplogTimestamps(at(SECOND - 5), (SECOND << 32) | 7);

    assertThat(timestamps.next()).isEqualTo((SECOND << 32) | 8);
  }

  @Test
  void eachNewSecondCountsFromOne() {
    OplogTimestamps timestamps = new OplogTimestamps(at(SECOND), 0);
    assertThat(timestamps.next()).isEqualTo((SECOND << 32) | 1);
    assertThat(timestamps.next()).isEqualTo((SECOND << 32) | 2);

    OplogTimestamps later = new OplogTimestamps(at(SECOND + 1), timestamps.last());

    assertThat(later.next()).isEqualTo(((SECOND + 1) << 32) | 1);
  }

  private static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }
}
