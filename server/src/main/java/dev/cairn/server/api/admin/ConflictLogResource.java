package dev.cairn.server.api.admin;

import com.mongodb.client.MongoClient;
import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictLog;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.server.tenancy.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/tenants/{tenant}/conflict-log?limit=N}: the tenant's recent write
 * conflicts, newest first, each with the incoming write and the stored record it met, the strategy
 * and how it was resolved. Needs VIEWER.
 */
@Tag(name = "Tenant settings")
@APIResponse(
    responseCode = "404",
    description = "No such tenant, or the caller is not a member of it",
    content = @Content(mediaType = "application/problem+json"))
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}/conflict-log")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConflictLogResource {
  static final int MAX_LIMIT = 500;
  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  @Context SecurityContext security;
  @Inject Tenants tenants;
  @Inject MongoClient mongo;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "Recent write conflicts with both sides and their resolution")
  @GET
  public Response recent(@QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "limit " + limit + " must be between 1 and " + MAX_LIMIT);
    }
    TenantId tenant = AdminRequests.tenant(slug);
    tenants.get(AdminRequests.actor(security), tenant); // VIEWER or above, else 404
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (Document c : new ConflictLog(mongo).recent(tenant, limit)) {
      list.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("model", c.getString("model"))
              .add("recordId", String.valueOf(c.get("recordId")))
              .add("operation", c.getString("operation"))
              .add("incomingVersion", number(c.get("incomingVersion")))
              .add("currentVersion", number(c.get("currentVersion")))
              .add("strategy", c.getString("strategy"))
              .add("outcome", String.valueOf(c.get("outcome")))
              .add("detail", c.get("detail") == null ? "" : String.valueOf(c.get("detail")))
              .add("incoming", json(c.get("incoming")))
              .add("current", json(c.get("current")))
              .add("at", number(c.get("at"))));
    }
    return AdminViews.ok(list.build());
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static String json(Object value) {
    return value instanceof Document d ? d.toJson(RELAXED) : "{}";
  }
}
