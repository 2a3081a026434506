package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import dev.cairn.console.security.OidcSettings;
import dev.cairn.console.security.RefreshingToken;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import java.io.Serializable;
import java.time.Clock;
import java.util.UUID;
import org.omnifaces.cdi.ViewScoped;
import org.omnifaces.util.Faces;

/**
 * A tenant's dashboard ({@code /tenant/dashboard.xhtml}): where it stands (active schema, keys,
 * members), and charts of the last hour's sync traffic from the server's per-tenant figures
 * (realtime connections; requests, mutations and records synced per second; errors and conflicts;
 * p95 latency). The page renders them once; afterwards the {@link FiguresFeed} pushes them over the
 * user's Faces WebSocket as the server's buckets close. OmniFaces' view scope ends the watch when
 * the page is left.
 */
@Named
@ViewScoped
public class TenantDashboardView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;
  @Inject transient FiguresFeed feed;
  @Inject transient OpenIdContext openId;
  @Inject transient OidcSettings oidc;
  @Inject transient Clock clock;

  private final String watchKey = UUID.randomUUID().toString();
  private Integer activeVersion;
  private int activeKeys;
  private int members;
  private DashboardFigures figures;

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
    figures = DashboardFigures.of(api.getObject(base + "/figures"));
    feed.watch(
        watchKey,
        Faces.getRemoteUser(),
        tenant.getSlug(),
        new AdminApi.Caller(api.serverUrl(), RefreshingToken.of(openId, oidc, clock)));
  }

  @PreDestroy
  void leave() {
    if (feed != null) {
      feed.unwatch(watchKey);
    }
  }

  /** The user the page's WebSocket belongs to (the feed pushes to this user's sockets). */
  public String getUser() {
    return Faces.getRemoteUser();
  }

  public String getChannel() {
    return FiguresFeed.CHANNEL;
  }

  public String getConnectionsChart() {
    return figures.connections().toString();
  }

  public String getRatesChart() {
    return figures.rates().toString();
  }

  public String getProblemsChart() {
    return figures.problems().toString();
  }

  public String getLatencyChart() {
    return figures.latency().toString();
  }

  public String getSummary() {
    return figures.summary();
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
