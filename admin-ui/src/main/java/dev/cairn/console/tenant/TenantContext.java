package dev.cairn.console.tenant;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.omnifaces.util.Faces;
import org.omnifaces.util.Messages;

/**
 * The tenant a console page is about, from the page's {@code t} request parameter (kept on
 * postbacks by {@code o:form useRequestURI}), with the signed-in user's role in it and the tenants
 * they can switch to. Remembers the last tenant seen in a cookie, so the console home can land
 * there.
 */
@Named("tenant")
@RequestScoped
public class TenantContext {
  /** The cookie naming the last tenant the user worked on. */
  public static final String LAST_TENANT_COOKIE = "cairn-tenant";

  private static final int ONE_YEAR = (int) TimeUnit.DAYS.toSeconds(365);

  @Inject AdminApi api;

  private List<TenantSummary> mine;
  private JsonObject current;

  /** A tenant the user is a member of. */
  public record TenantSummary(String slug, String name) {

    public String getSlug() {
      return slug;
    }

    public String getName() {
      return name;
    }
  }

  /** The slug of the page's tenant, or null on pages about no tenant. */
  public String getSlug() {
    return Faces.getRequestParameter("t");
  }

  /**
   * A page's view action: the tenant must exist and the user be a member; otherwise back to the
   * console home with a message. Remembers the tenant as the last one worked on.
   */
  public void require() throws IOException {
    String slug = getSlug();
    try {
      if (slug == null || slug.isBlank()) {
        throw new AdminApiException(404, "No tenant", "choose a tenant first", List.of());
      }
      current();
      Faces.addResponseCookie(LAST_TENANT_COOKIE, slug, "/", ONE_YEAR);
    } catch (AdminApiException e) {
      Messages.addFlashGlobalError(e.getMessage());
      Faces.redirect("index.xhtml");
    }
  }

  /** The tenant as the admin API shows it, with {@code role}. */
  public JsonObject current() {
    if (current == null) {
      current = api.getObject("tenants/" + AdminApi.segment(getSlug()));
    }
    return current;
  }

  public String getName() {
    return current().getString("name");
  }

  public String getRole() {
    return current().getString("role");
  }

  /** Whether the user may manage members, keys and auth (OWNER or ADMIN). */
  public boolean isAdmin() {
    String role = getRole();
    return role.equals("OWNER") || role.equals("ADMIN");
  }

  /** Whether the user may publish schemas and change data settings (DEVELOPER or above). */
  public boolean isDeveloper() {
    return isAdmin() || getRole().equals("DEVELOPER");
  }

  public boolean isOwner() {
    return getRole().equals("OWNER");
  }

  /** The tenants the user is a member of, for the switcher. */
  public List<TenantSummary> getMine() {
    if (mine == null) {
      mine =
          api.getArray("tenants").getValuesAs(JsonObject.class).stream()
              .map(t -> new TenantSummary(t.getString("slug"), t.getString("name")))
              .toList();
    }
    return mine;
  }

  /** The admin API path of this tenant's {@code rest}, e.g. {@code tenants/acme/api-keys}. */
  public String apiPath(String rest) {
    return "tenants/" + AdminApi.segment(getSlug()) + (rest.isEmpty() ? "" : "/" + rest);
  }
}
