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
 * The console home ({@code /index.xhtml}) only sends people on: a user in no tenant yet lands on
 * sign-up, everyone else on the dashboard of the tenant they last worked on (or their first).
 */
@Named
@RequestScoped
public class IndexView {
  @Inject AdminApi api;

  public void land() throws IOException {
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
}
