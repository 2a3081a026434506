package dev.cairn.console.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;

/** Who is signed in to the console, and signing out. */
@Named
@RequestScoped
public class CurrentUserView {
  @Inject OpenIdContext openId;
  @Inject HttpServletRequest request;
  @Inject HttpServletResponse response;

  public String getName() {
    return openId.getClaims().getPreferredUsername();
  }

  public String getDisplayName() {
    return Optional.ofNullable(openId.getClaims().getName()).orElse(getName());
  }

  public String getEmail() {
    return Optional.ofNullable(openId.getClaims().getEmail()).orElse("");
  }

  public List<String> getGroups() {
    return List.copyOf(openId.getCallerGroups());
  }

  /** The groups, comma-separated, for display. */
  public String getGroupList() {
    return String.join(", ", getGroups());
  }

  /** Ends the console session and the Keycloak session, then returns to the console. */
  public void signOut() {
    openId.logout(request, response);
  }
}
