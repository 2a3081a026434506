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
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Deque;
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
@PreMatching
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
    Deque<String> segments = new ArrayDeque<>();
    for (PathSegment segment : uri.getPathSegments(true)) {
      String name = segment.getPath();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        segments.pollLast();
        continue;
      }
      segments.addLast(name);
    }
    List<String> path = List.copyOf(segments);
    return path.size() >= 2
        && path.get(0).equalsIgnoreCase("api")
        && path.get(1).equalsIgnoreCase("admin");
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
