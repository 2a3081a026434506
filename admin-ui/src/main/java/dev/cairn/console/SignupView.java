package dev.cairn.console;

import dev.cairn.console.api.AdminApi;
import dev.cairn.console.api.AdminApiException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.Serializable;
import org.omnifaces.util.Messages;

/**
 * Signing a tenant up ({@code /signup.xhtml}): the slug is checked against the server as it is
 * typed (the rule, then whether it is free), and signing up shows what the server provisioned.
 */
@Named
@ViewScoped
public class SignupView implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminApi api;

  private String slug;
  private String name;
  private boolean slugAvailable;
  private JsonObject created;

  /** Checks the slug typed so far; a problem shows next to the field. */
  public void checkSlug() {
    slugAvailable = false;
    if (slug == null || slug.isEmpty()) {
      return;
    }
    JsonObject answer = api.getObject("slugs/" + AdminApi.segment(slug));
    slugAvailable = answer.getBoolean("available");
    if (!slugAvailable) {
      Messages.addError("signup:slug", answer.getString("problem"));
    }
  }

  public void signUp() {
    try {
      created =
          api.post(
                  "tenants",
                  Json.createObjectBuilder()
                      .add("slug", slug == null ? "" : slug)
                      .add("name", name == null ? "" : name)
                      .build())
              .asJsonObject();
    } catch (AdminApiException e) {
      Messages.addError("signup:slug", e.getMessage());
    }
  }

  public boolean isDone() {
    return created != null;
  }

  public String getCreatedSlug() {
    return created == null ? null : created.getString("slug");
  }

  public String getCreatedName() {
    return created == null ? null : created.getString("name");
  }

  /** The realm provisioned for the tenant's app users. */
  public String getRealm() {
    return "cairn-t-" + getCreatedSlug();
  }

  public String getGraphqlPath() {
    return created == null ? null : created.getString("graphqlPath");
  }

  public String getSlug() {
    return slug;
  }

  public void setSlug(String slug) {
    this.slug = slug == null ? null : slug.strip();
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public boolean isSlugAvailable() {
    return slugAvailable;
  }
}
