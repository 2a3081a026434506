package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.omnifaces.util.Messages;

/**
 * Auth ({@code /tenant/auth.xhtml}): the provisioned issuer and client id app users sign in with,
 * and the tenant's own ("bring your own") OIDC issuers, edited and saved together; the server
 * checks each issuer (its URL rules included) and its refusal shows on the page.
 */
@Named
@ViewScoped
public class TenantAuthView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;
  @Inject transient TenantContext tenant;

  private String slug;
  private Issuer provisioned;
  private List<Issuer> custom = new ArrayList<>();

  /** A trusted issuer, editable. */
  public static final class Issuer implements Serializable {
    private static final long serialVersionUID = 1L;
    private String issuer;
    private String audience;
    private String jwksUri;
    private String identityClaim = "sub";
    private String groupsClaim = "groups";

    static Issuer of(JsonObject o) {
      Issuer i = new Issuer();
      i.issuer = o.getString("issuer");
      i.audience = o.getString("audience");
      i.jwksUri = o.getString("jwksUri", null);
      i.identityClaim = o.getString("identityClaim");
      i.groupsClaim = o.getString("groupsClaim");
      return i;
    }

    JsonObjectBuilder json() {
      JsonObjectBuilder b =
          Json.createObjectBuilder()
              .add("issuer", blankToEmpty(issuer))
              .add("audience", blankToEmpty(audience))
              .add("identityClaim", blankToEmpty(identityClaim))
              .add("groupsClaim", blankToEmpty(groupsClaim));
      if (jwksUri != null && !jwksUri.isBlank()) {
        b.add("jwksUri", jwksUri.strip());
      }
      return b;
    }

    private static String blankToEmpty(String s) {
      return s == null ? "" : s.strip();
    }

    public String getIssuer() {
      return issuer;
    }

    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    public String getAudience() {
      return audience;
    }

    public void setAudience(String audience) {
      this.audience = audience;
    }

    public String getJwksUri() {
      return jwksUri;
    }

    public void setJwksUri(String jwksUri) {
      this.jwksUri = jwksUri;
    }

    public String getIdentityClaim() {
      return identityClaim;
    }

    public void setIdentityClaim(String identityClaim) {
      this.identityClaim = identityClaim;
    }

    public String getGroupsClaim() {
      return groupsClaim;
    }

    public void setGroupsClaim(String groupsClaim) {
      this.groupsClaim = groupsClaim;
    }
  }

  @PostConstruct
  void load() {
    slug = tenant.getSlug();
    reload();
  }

  private void reload() {
    custom = new ArrayList<>();
    provisioned = null;
    for (JsonObject o :
        api.getObject(path()).getJsonArray("issuers").getValuesAs(JsonObject.class)) {
      if (o.getBoolean("provisioned")) {
        provisioned = Issuer.of(o);
      } else {
        custom.add(Issuer.of(o));
      }
    }
  }

  public void add() {
    custom.add(new Issuer());
  }

  public void remove(Issuer issuer) {
    custom.remove(issuer);
  }

  /** Replaces the custom issuers on the server with the ones on the page. */
  public void save() {
    JsonArrayBuilder list = Json.createArrayBuilder();
    custom.forEach(i -> list.add(i.json()));
    try {
      api.put(path(), Json.createObjectBuilder().add("issuers", list).build());
      Messages.addGlobalInfo("Saved: apps' tokens from these issuers are accepted now");
      reload();
    } catch (AdminApiException e) {
      Messages.addError("auth:save", e.getMessage());
    }
  }

  private String path() {
    return "tenants/" + AdminApi.segment(slug) + "/auth";
  }

  public Issuer getProvisioned() {
    return provisioned;
  }

  public String getClientId() {
    return TenantConnectView.APP_CLIENT_ID;
  }

  public List<Issuer> getCustom() {
    return custom;
  }
}
