package dev.cairn.server.api.admin;

import dev.cairn.server.api.Problem;
import dev.cairn.server.auth.ConsoleIdentity;
import dev.cairn.server.auth.ConsoleTokenVerifier;
import dev.cairn.server.auth.InvalidTokenException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates every request under {@code /api/admin} with a console-realm bearer token. A request
 * without a valid token is answered 401 with a problem document and never reaches a resource.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ConsoleAuthenticationFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(ConsoleAuthenticationFilter.class.getName());
  private static final String BEARER = "Bearer ";

  @Inject ConsoleTokenVerifier verifier;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!(path.equals("api/admin") || path.startsWith("api/admin/"))) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      refuse(request, "send `Authorization: Bearer <access token>` from the cairn-console realm");
      return;
    }
    try {
      ConsoleIdentity identity = verifier.verify(header.substring(BEARER.length()).trim());
      boolean secure = request.getSecurityContext().isSecure();
      request.setSecurityContext(new ConsoleSecurityContext(identity, secure));
    } catch (InvalidTokenException e) {
      LOG.log(Level.FINE, "refused console token", e);
      refuse(request, e.getMessage());
    }
  }

  private void refuse(ContainerRequestContext request, String detail) {
    request.abortWith(
        Problem.of(Response.Status.UNAUTHORIZED, "Unauthorized", detail)
            .header(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"cairn-console\", error=\"invalid_token\"")
            .build());
  }

  private record ConsoleSecurityContext(ConsoleIdentity identity, boolean secure)
      implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return identity;
    }

    @Override
    public boolean isUserInRole(String role) {
      return identity.groups().contains(role);
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return "Bearer";
    }
  }
}
