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
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.omnifaces.util.Messages;

/**
 * API keys ({@code /tenant/api-keys.xhtml}): create one (its plaintext shown once, with a copy
 * button), list them by prefix with expiry, revoke.
 */
@Named
@ViewScoped
public class TenantApiKeysView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private List<Key> keys = List.of();
  private String description;
  private LocalDate expiresOn = LocalDate.now(ZoneOffset.UTC).plusDays(90);
  private String createdKey;

  /** A key as listed: never its plaintext. */
  public record Key(
      String id,
      String prefix,
      String description,
      String createdAt,
      String expiresAt,
      String revokedAt)
      implements Serializable {

    /** For EL, which reads bean getters, not record accessors. */
    public String getId() {
      return id;
    }

    public String getPrefix() {
      return prefix;
    }

    public String getCreatedAt() {
      return createdAt;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public String getRevokedAt() {
      return revokedAt;
    }

    public boolean isRevoked() {
      return revokedAt != null;
    }

    public String getDescription() {
      return description;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    reload();
  }

  public void create() {
    JsonObjectBuilder body =
        Json.createObjectBuilder().add("description", description == null ? "" : description);
    if (expiresOn != null) {
      body.add("expiresAt", expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
    }
    try {
      JsonObject created = api.post(path(""), body.build()).asJsonObject();
      createdKey = created.getString("key");
      description = null;
      reload();
    } catch (AdminApiException e) {
      Messages.addError("keys:expiresOn", e.getMessage());
    }
  }

  public void revoke(Key key) {
    try {
      api.delete(path("/" + AdminApi.segment(key.id())));
      Messages.addGlobalInfo(
          "Revoked the key {0}…; apps using it are refused from now on", key.prefix());
      reload();
    } catch (AdminApiException e) {
      Messages.addGlobalError(e.getMessage());
    }
  }

  /** Forgets the plaintext once the dialog showing it is closed. */
  public void forgetCreatedKey() {
    createdKey = null;
  }

  private void reload() {
    keys =
        api.getArray(path("")).getValuesAs(JsonObject.class).stream()
            .map(
                k ->
                    new Key(
                        k.getString("id"),
                        k.getString("prefix"),
                        k.getString("description", ""),
                        k.getString("createdAt"),
                        k.getString("expiresAt"),
                        k.isNull("revokedAt") ? null : k.getString("revokedAt")))
            .toList();
  }

  private String path(String rest) {
    return "tenants/" + AdminApi.segment(slug) + "/api-keys" + rest;
  }

  public List<Key> getKeys() {
    return keys;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public LocalDate getExpiresOn() {
    return expiresOn;
  }

  public void setExpiresOn(LocalDate expiresOn) {
    this.expiresOn = expiresOn;
  }

  public LocalDate getToday() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  public String getCreatedKey() {
    return createdKey;
  }
}
