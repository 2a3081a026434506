package dev.cairn.server.api.admin;

import dev.cairn.server.api.Problem;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a path under {@code /api/admin} that no resource serves with a problem document instead
 * of the container's HTML error page, so that API clients always get {@code
 * application/problem+json}. Other paths keep JAX-RS's default answer.
 */
@Provider
public class AdminNotFoundMapper implements ExceptionMapper<NotFoundException> {
  @Context UriInfo uri;

  @Override
  public Response toResponse(NotFoundException e) {
    String path = uri.getPath();
    if (!(path.equals("api/admin") || path.startsWith("api/admin/"))) {
      return e.getResponse();
    }
    return Problem.of(
            Response.Status.NOT_FOUND,
            "Not found",
            "there is no admin API resource at /"
                + path
                + "; see /openapi for the admin API's paths")
        .build();
  }
}
