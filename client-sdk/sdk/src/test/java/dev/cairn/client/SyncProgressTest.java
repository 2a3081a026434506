package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SyncProgressTest {
  @Test
  void theFractionIsReceivedOverTheEstimatedTotal() {
    assertThat(new CairnEvent.SyncProgress("Post", 250, OptionalLong.of(1000)).fraction())
        .hasValue(0.25);
    assertThat(new CairnEvent.SyncProgress("Post", 0, OptionalLong.of(0)).fraction())
        .as("an empty sync is complete")
        .hasValue(1.0);
  }

  @Test
  void withoutAnEstimateThereIsNoFraction() {
    CairnEvent.SyncProgress appSync = new CairnEvent.SyncProgress("Post", 1000);

    assertThat(appSync.estimatedTotal()).isEmpty();
    assertThat(appSync.fraction()).isEmpty();
  }
}
