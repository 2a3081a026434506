package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.api.Problem;
import dev.cairn.server.tenancy.TenancyException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a refused control-plane request with {@code application/problem+json}: the status from
 * the exception's kind, its title and detail, and its items (schema errors, breaking changes) as
 * {@code errors}.
 */
@Provider
public class TenancyExceptionMapper implements ExceptionMapper<TenancyException> {
  @Override
  public Response toResponse(TenancyException e) {
    Response.Status status =
        switch (e.kind()) {
          case INVALID -> Response.Status.BAD_REQUEST;
          case NOT_FOUND -> Response.Status.NOT_FOUND;
          case FORBIDDEN -> Response.Status.FORBIDDEN;
          case CONFLICT -> Response.Status.CONFLICT;
          case UNAVAILABLE -> Response.Status.BAD_GATEWAY;
        };
    JsonObjectBuilder body =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("type", "about:blank")
            .add("title", e.title())
            .add("status", status.getStatusCode())
            .add("detail", e.getMessage());
    if (!e.items().isEmpty()) {
      JsonArrayBuilder errors = Jsonp.PROVIDER.createArrayBuilder();
      e.items().forEach(errors::add);
      body.add("errors", errors);
    }
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(body.build().toString()).build();
  }
}
