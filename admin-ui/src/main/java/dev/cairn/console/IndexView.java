package dev.cairn.console;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.tenant.TenantContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import org.omnifaces.util.Faces;

/**
 * The console home ({@code /index.xhtml}) only sends people on: right after a sign-in, back to the
 * console page they were on (its path is kept in the {@value #RETURN_COOKIE} cookie by the pages,
 * so an expired session returns there); otherwise a user in no tenant yet lands on sign-up,
 * everyone else on the dashboard of the tenant they last worked on (or their first).
 */
@Named
@RequestScoped
public class IndexView {
  /** The cookie holding the path of the console page last shown. */
  public static final String RETURN_COOKIE = "cairn-return";

  @Inject AdminApi api;

  public void land() throws IOException {
    String back = Faces.getRequestCookie(RETURN_COOKIE);
    if ("true".equals(Faces.getRequestParameter("signedIn")) && isConsolePage(back)) {
      Faces.removeResponseCookie(RETURN_COOKIE, Faces.getRequestContextPath());
      Faces.redirect(back);
      return;
    }
    List<String> slugs =
        api.getArray("tenants").getValuesAs(JsonObject.class).stream()
            .map(t -> t.getString("slug"))
            .toList();
    if (slugs.isEmpty()) {
      Faces.redirect("signup.xhtml");
      return;
    }
    String last = Faces.getRequestCookie(TenantContext.LAST_TENANT_COOKIE);
    String slug = last != null && slugs.contains(last) ? last : slugs.get(0);
    Faces.redirect("tenant/dashboard.xhtml?t=%s", slug);
  }

  /** Only a page of this console: a path under the context path, never another host. */
  static boolean isConsolePage(String path) {
    String root = Faces.getRequestContextPath() + "/";
    return path != null
        && path.startsWith(root)
        && !path.startsWith(root + "/")
        && !path.contains("\\")
        && !path.contains("://")
        && !path.startsWith(root + "index.xhtml");
  }
}
