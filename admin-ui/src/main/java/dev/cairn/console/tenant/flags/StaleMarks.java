package dev.cairn.console.tenant.flags;

import jakarta.json.JsonObject;

/**
 * The server's stale mark of a flag ({@code stale} and {@code staleReason} of the admin API's flag
 * status) as a sentence for the console.
 */
public final class StaleMarks {
  private StaleMarks() {}

  /**
   * Why the flag is stale, e.g. "stale: no client evaluated it for the stale period", or empty when
   * the server does not mark it.
   *
   * @param status a flag's status object ({@code flagStatus.<key>}, or the flag itself as {@code
   *     GET flags/{key}} answers it)
   */
  public static String sentence(JsonObject status) {
    if (!status.getBoolean("stale", false)) {
      return "";
    }
    return switch (status.getString("staleReason", "")) {
      case "NOT_EVALUATED" ->
          "stale: no client evaluated it for the stale period; remove it from your code or archive"
              + " it";
      case "ONE_VARIATION" ->
          "stale: it has served one variation to everyone for the stale period; remove it from"
              + " your code";
      default -> "stale";
    };
  }
}
