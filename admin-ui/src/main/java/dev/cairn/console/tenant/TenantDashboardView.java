package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.Serializable;

/**
 * A tenant's dashboard ({@code /tenant/dashboard.xhtml}): where it stands (active schema, keys,
 * members) and the next step a newcomer has not taken yet.
 */
@Named
@ViewScoped
public class TenantDashboardView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private Integer activeVersion;
  private int activeKeys;
  private int members;

  @PostConstruct
  void load() {
    String base = "tenants/" + AdminApi.segment(tenant.getSlug());
    try {
      activeVersion = api.getObject(base + "/schemas/active").getInt("version");
    } catch (AdminApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    activeKeys =
        (int)
            api.getArray(base + "/api-keys").getValuesAs(JsonObject.class).stream()
                .filter(k -> k.isNull("revokedAt"))
                .count();
    members = api.getArray(base + "/members").size();
  }

  public Integer getActiveVersion() {
    return activeVersion;
  }

  public int getActiveKeys() {
    return activeKeys;
  }

  public int getMembers() {
    return members;
  }
}
