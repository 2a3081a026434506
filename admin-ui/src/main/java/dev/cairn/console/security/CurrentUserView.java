package dev.cairn.console.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;

/** Who is signed in to the console, and signing out. */
@Named
@RequestScoped
public class CurrentUserView {
  @Inject OpenIdContext openId;

  public String getName() {
    return openId.getClaims().getPreferredUsername().orElse(openId.getSubject());
  }

  public String getDisplayName() {
    return openId.getClaims().getName().orElse(getName());
  }

  public String getEmail() {
    return openId.getClaims().getEmail().orElse("");
  }

  public List<String> getGroups() {
    return List.copyOf(openId.getClaims().getArrayStringClaim("groups"));
  }

  /** The groups, comma-separated, for display. */
  public String getGroupList() {
    return String.join(", ", getGroups());
  }

  /**
   * Ends the console session; the OpenID mechanism then ends the Keycloak session too and sends the
   * browser back to the console (see {@link ConsoleSecurity}).
   */
  public void signOut() throws ServletException, IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    request.logout();
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    if (!external.isResponseCommitted()) {
      external.redirect(external.getRequestContextPath() + "/");
    }
    faces.responseComplete();
  }
}
