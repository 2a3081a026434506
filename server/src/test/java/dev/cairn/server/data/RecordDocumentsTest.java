package dev.cairn.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordDocumentsTest {
  @Test
  void dateTimeWritesWhatInstantToStringWrites() {
    SplittableRandom random = new SplittableRandom(18);
    long tenThousandYears = 10_000L * 366 * 86_400_000L;
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong(-tenThousandYears, tenThousandYears);
      if (i % 4 == 0) {
        millis -= Math.floorMod(millis, 1000L); // whole seconds: no fraction
      }
      assertThat(RecordDocuments.dateTime(millis))
          .isEqualTo(Instant.ofEpochMilli(millis).toString());
    }
  }

  @Test
  void dateTimeAtTheEdgesOfItsDirectRangeAndBeyond() {
    for (String at :
        new String[] {
          "0000-01-01T00:00:00Z",
          "0000-01-01T00:00:00.001Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "2024-02-29T12:00:00.010Z",
          "9999-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z",
          "-0001-12-31T23:59:59.500Z"
        }) {
      assertThat(RecordDocuments.dateTime(Instant.parse(at).toEpochMilli())).isEqualTo(at);
    }
  }
}
