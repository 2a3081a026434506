package dev.cairn.console.tenant.flags;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule or the fallthrough serves, as edited: one variation, or a percentage rollout over the
 * flag's variations (weights in percent, up to 3 decimals, summing to 100) bucketed by a context
 * attribute ({@code key}, the user, when empty).
 */
public final class ServeForm implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String VARIATION = "variation";
  public static final String ROLLOUT = "rollout";

  private String mode = VARIATION;
  private String variation;
  private String bucketBy = "";
  private List<WeightRow> weights = new ArrayList<>();

  /** One variation's share of a rollout. */
  public static final class WeightRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private String variation;
    private BigDecimal weight = BigDecimal.ZERO;

    WeightRow(String variation, BigDecimal weight) {
      this.variation = variation;
      this.weight = plain(weight);
    }

    public String getVariation() {
      return variation;
    }

    public BigDecimal getWeight() {
      return weight;
    }

    public void setWeight(BigDecimal weight) {
      this.weight = weight == null ? BigDecimal.ZERO : plain(weight);
    }
  }

  static ServeForm of(String variation) {
    ServeForm s = new ServeForm();
    s.variation = variation;
    return s;
  }

  /** Reads {@code variation} or {@code rollout} of a rule or fallthrough entry. */
  static ServeForm fromJson(JsonObject holder) {
    ServeForm s = new ServeForm();
    JsonObject rollout = holder.getJsonObject("rollout");
    if (rollout == null) {
      s.variation = holder.getString("variation", null);
      return s;
    }
    s.mode = ROLLOUT;
    s.bucketBy = rollout.getString("bucketBy", "");
    for (JsonObject w : rollout.getJsonArray("variations").getValuesAs(JsonObject.class)) {
      JsonNumber n = w.getJsonNumber("weight");
      s.weights.add(
          new WeightRow(
              w.getString("variation", ""), n == null ? BigDecimal.ZERO : n.bigDecimalValue()));
    }
    return s;
  }

  /** Adds {@code variation} or {@code rollout} to a rule or fallthrough entry. */
  void addTo(JsonObjectBuilder holder) {
    if (!ROLLOUT.equals(mode)) {
      holder.add("variation", variation == null ? "" : variation);
      return;
    }
    var split = Json.createArrayBuilder();
    weights.forEach(
        w ->
            split.add(
                Json.createObjectBuilder().add("variation", w.variation).add("weight", w.weight)));
    holder.add(
        "rollout",
        Json.createObjectBuilder().add("bucketBy", bucketBy.strip()).add("variations", split));
  }

  /**
   * Keeps one weight per variation of the flag, in the flag's order: new variations get 0, gone
   * ones are dropped, and a rollout with no weights yet starts with everything on the first.
   */
  void follow(List<String> variationNames) {
    List<WeightRow> next = new ArrayList<>();
    for (String name : variationNames) {
      next.add(
          weights.stream()
              .filter(w -> w.variation.equals(name))
              .findFirst()
              .orElse(new WeightRow(name, BigDecimal.ZERO)));
    }
    if (weights.isEmpty() && !next.isEmpty()) {
      next.get(0).weight = BigDecimal.valueOf(100);
    }
    weights = next;
  }

  /** Renames a variation this serves. */
  void rename(String from, String to) {
    if (from.equals(variation)) {
      variation = to;
    }
    weights.stream().filter(w -> w.variation.equals(from)).forEach(w -> w.variation = to);
  }

  public boolean isRollout() {
    return ROLLOUT.equals(mode);
  }

  /** The rollout's weights added up, in percent. */
  public BigDecimal getTotal() {
    return plain(
        weights.stream().map(WeightRow::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  /** 12.5 rather than 12.500, 100 rather than 1E+2. */
  static BigDecimal plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getVariation() {
    return variation;
  }

  public void setVariation(String variation) {
    this.variation = variation;
  }

  public String getBucketBy() {
    return bucketBy;
  }

  public void setBucketBy(String bucketBy) {
    this.bucketBy = bucketBy == null ? "" : bucketBy;
  }

  public List<WeightRow> getWeights() {
    return weights;
  }
}
