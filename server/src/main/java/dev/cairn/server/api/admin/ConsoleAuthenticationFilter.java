package dev.cairn.server.api.admin;

import dev.cairn.server.api.Problem;
import dev.cairn.server.auth.ConsoleIdentity;
import dev.cairn.server.auth.ConsoleTokenVerifier;
import dev.cairn.server.auth.InvalidTokenException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Authenticates every request under {@code /api/admin} with a console-realm bearer token. A request
 * without a valid token is answered 401 with a problem document and never reaches a resource.
 *
 * <p>Runs after matching, and decides on what was matched as well as on the path: a request is an
 * admin request when its decoded path segments, matrix parameters and empty segments dropped, start
 * with {@code api/admin} (so {@code /api;x=1/admin/me}, {@code //api/admin} or {@code /api/%61dmin}
 * are admin requests too), or when the matched resource class's {@code @Path} starts with {@code
 * api/admin}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ConsoleAuthenticationFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(ConsoleAuthenticationFilter.class.getName());
  private static final String BEARER = "Bearer ";

  @Inject ConsoleTokenVerifier verifier;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!isAdminRequest(request.getUriInfo())) {
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

  static boolean isAdminRequest(UriInfo uri) {
    List<String> segments =
        uri.getPathSegments(true).stream()
            .map(PathSegment::getPath)
            .filter(segment -> !segment.isEmpty())
            .toList();
    if (segments.size() >= 2
        && segments.get(0).equalsIgnoreCase("api")
        && segments.get(1).equalsIgnoreCase("admin")) {
      return true;
    }
    for (Object resource : uri.getMatchedResources()) {
      Path path = resource.getClass().getAnnotation(Path.class);
      if (path == null && resource.getClass().getSuperclass() != null) {
        // CDI proxies subclass the resource
        path = resource.getClass().getSuperclass().getAnnotation(Path.class);
      }
      if (path != null && path.value().replaceFirst("^/+", "").startsWith("api/admin")) {
        return true;
      }
    }
    return false;
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
