package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Messages;

/**
 * Conflicts ({@code /tenant/conflicts.xhtml}): the default strategy, per-model overrides and the
 * CUSTOM strategy's webhook; and the conflict log, each conflict with the incoming write and the
 * stored record side by side and how it was resolved.
 */
@Named
@ViewScoped
public class TenantConflictsView implements Serializable {
  private static final long serialVersionUID = 1L;
  static final List<String> STRATEGIES = List.of("AUTOMERGE", "OPTIMISTIC_CONCURRENCY", "CUSTOM");

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private String defaultStrategy;
  private String webhook;
  private List<Override> overrides = new ArrayList<>();
  private List<Logged> log = List.of();

  /** A per-model strategy. */
  public static final class Override implements Serializable {
    private static final long serialVersionUID = 1L;
    private String model;
    private String strategy = "OPTIMISTIC_CONCURRENCY";

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public String getStrategy() {
      return strategy;
    }

    public void setStrategy(String strategy) {
      this.strategy = strategy;
    }
  }

  /** A logged conflict. */
  public record Logged(
      String at,
      String model,
      String recordId,
      String operation,
      long incomingVersion,
      long currentVersion,
      String strategy,
      String outcome,
      String detail,
      String incoming,
      String current)
      implements Serializable {
    /** For EL, which reads bean getters, not record accessors. */
    public String getAt() {
      return at;
    }

    public String getRecordId() {
      return recordId;
    }

    public String getOperation() {
      return operation;
    }

    public long getIncomingVersion() {
      return incomingVersion;
    }

    public long getCurrentVersion() {
      return currentVersion;
    }

    public String getOutcome() {
      return outcome;
    }

    public String getDetail() {
      return detail;
    }

    public String getIncoming() {
      return incoming;
    }

    public String getCurrent() {
      return current;
    }

    public String getModel() {
      return model;
    }

    public String getStrategy() {
      return strategy;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    JsonObject c = api.getObject(base() + "/conflicts");
    defaultStrategy = c.getString("default");
    webhook = c.isNull("webhook") ? null : c.getString("webhook");
    overrides = new ArrayList<>();
    c.getJsonObject("models")
        .forEach(
            (model, strategy) -> {
              Override o = new Override();
              o.model = model;
              o.strategy = ((JsonString) strategy).getString();
              overrides.add(o);
            });
    log =
        api.getArray(base() + "/conflict-log?limit=100").getValuesAs(JsonObject.class).stream()
            .map(
                l ->
                    new Logged(
                        Instant.ofEpochMilli(l.getJsonNumber("at").longValue()).toString(),
                        l.getString("model"),
                        l.getString("recordId"),
                        l.getString("operation"),
                        l.getJsonNumber("incomingVersion").longValue(),
                        l.getJsonNumber("currentVersion").longValue(),
                        l.getString("strategy"),
                        l.getString("outcome"),
                        l.getString("detail"),
                        l.getString("incoming"),
                        l.getString("current")))
            .toList();
  }

  public void addOverride() {
    overrides.add(new Override());
  }

  public void removeOverride(Override o) {
    overrides.remove(o);
  }

  public void save() {
    JsonObjectBuilder models = Json.createObjectBuilder();
    overrides.stream()
        .filter(o -> o.model != null && !o.model.isBlank())
        .forEach(o -> models.add(o.model.strip(), o.strategy));
    JsonObjectBuilder body =
        Json.createObjectBuilder().add("default", defaultStrategy).add("models", models);
    if (webhook != null && !webhook.isBlank()) {
      body.add("webhook", webhook.strip());
    } else {
      body.addNull("webhook");
    }
    try {
      api.put(base() + "/conflicts", body.build());
      Messages.addGlobalInfo("Saved; the next conflicting write uses these settings");
    } catch (AdminApiException e) {
      Messages.addError("conflicts:save", e.getMessage());
    }
  }

  private String base() {
    return "tenants/" + AdminApi.segment(slug);
  }

  public List<String> getStrategies() {
    return STRATEGIES;
  }

  public String getDefaultStrategy() {
    return defaultStrategy;
  }

  public void setDefaultStrategy(String defaultStrategy) {
    this.defaultStrategy = defaultStrategy;
  }

  public String getWebhook() {
    return webhook;
  }

  public void setWebhook(String webhook) {
    this.webhook = webhook;
  }

  public List<Override> getOverrides() {
    return overrides;
  }

  public List<Logged> getLog() {
    return log;
  }
}
