package dev.cairn.examples.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.client.CairnEvent;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void anEstimatedTotalDrawsABarThatEndsTheLineWhenComplete() {
    CairnEvent.SyncProgress partway =
        new CairnEvent.SyncProgress("Product", 350, OptionalLong.of(1000));
    CairnEvent.SyncProgress last =
        new CairnEvent.SyncProgress("Product", 1000, OptionalLong.of(1000));

    assertThat(ProgressBar.render(partway, 20))
        .isEqualTo("Product [#######.............]  35%  350/1000");
    assertThat(ProgressBar.done(partway)).isFalse();
    assertThat(ProgressBar.done(last)).isTrue();
  }

  @Test
  void withoutAnEstimateOnlyTheCountIsShown() {
    assertThat(ProgressBar.render(new CairnEvent.SyncProgress("Product", 350), 20))
        .isEqualTo("Product 350 received");
  }
}
