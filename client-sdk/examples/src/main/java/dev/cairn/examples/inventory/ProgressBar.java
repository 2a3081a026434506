package dev.cairn.examples.inventory;

import dev.cairn.client.CairnEvent;

/**
 * Sync progress as one line of text: {@code Product [#######.............] 35% 350/1000} when the
 * server estimated the total, {@code Product 350 received} when it did not.
 */
final class ProgressBar {
  private ProgressBar() {}

  static String render(CairnEvent.SyncProgress progress, int width) {
    if (progress.fraction().isEmpty()) {
      return progress.model() + " " + progress.received() + " received";
    }
    double fraction = progress.fraction().getAsDouble();
    int filled = (int) Math.floor(fraction * width);
    return String.format(
        "%s [%s%s] %3d%%  %d/%d",
        progress.model(),
        "#".repeat(filled),
        ".".repeat(width - filled),
        (int) Math.floor(fraction * 100),
        progress.received(),
        progress.estimatedTotal().getAsLong());
  }

  /** Whether {@code progress} is a sync's last: the bar is then complete and its line ends. */
  static boolean done(CairnEvent.SyncProgress progress) {
    return progress.fraction().isPresent() && progress.fraction().getAsDouble() >= 1.0;
  }
}
