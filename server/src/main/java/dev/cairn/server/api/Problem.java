package dev.cairn.server.api;

import dev.cairn.server.Jsonp;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 {@code application/problem+json} error body, the shape of every admin API error. */
public final class Problem {
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problem() {}

  /**
   * Builds a response carrying a problem document.
   *
   * @param status the HTTP status
   * @param title a short, stable summary of the problem type
   * @param detail what exactly went wrong and what to do about it
   */
  public static Response.ResponseBuilder of(Response.Status status, String title, String detail) {
    return Response.status(status)
        .type(MEDIA_TYPE)
        .entity(json(status.getStatusCode(), title, detail));
  }

  /** The problem document's text, for code that answers below JAX-RS (a Servlet filter). */
  public static String json(int status, String title, String detail) {
    return Jsonp.PROVIDER
        .createObjectBuilder()
        .add("type", "about:blank")
        .add("title", title)
        .add("status", status)
        .add("detail", detail)
        .build()
        .toString();
  }
}
