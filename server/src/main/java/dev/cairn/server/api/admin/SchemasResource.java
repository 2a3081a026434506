package dev.cairn.server.api.admin;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.SchemaVersion;
import dev.cairn.server.tenancy.Schemas;
import dev.cairn.server.tenancy.TenancyException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /api/admin/tenants/{tenant}/schemas}: publish a version (the body is the SDL; {@code
 * ?confirmBreaking=true} accepts breaking changes, {@code ?activate=false} only stores it), list
 * versions, read the active or a numbered one with its SDL, activate or roll back ({@code POST
 * .../{version}/activate}).
 */
@Path("api/admin/tenants/{tenant}/schemas")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SchemasResource {
  @Context SecurityContext security;
  @Inject Schemas schemas;

  @PathParam("tenant")
  String slug;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response publish(
      String sdl,
      @QueryParam("confirmBreaking") @DefaultValue("false") boolean confirmBreaking,
      @QueryParam("activate") @DefaultValue("true") boolean activate) {
    Schemas.Outcome outcome =
        schemas.publish(AdminRequests.actor(security), tenant(), sdl, confirmBreaking, activate);
    return AdminViews.created(withChanges(outcome).build());
  }

  @GET
  public Response list() {
    return AdminViews.ok(
        AdminViews.array(schemas.list(AdminRequests.actor(security), tenant()), AdminViews::schema)
            .build());
  }

  @GET
  @Path("active")
  public Response active() {
    SchemaVersion v =
        schemas
            .active(AdminRequests.actor(security), tenant())
            .orElseThrow(
                () ->
                    new TenancyException(
                        TenancyException.Kind.NOT_FOUND,
                        "No active schema",
                        "tenant `" + slug + "` has no active schema yet; publish one"));
    return AdminViews.ok(AdminViews.schema(v).add("sdl", v.sdl()).build());
  }

  @GET
  @Path("{version}")
  public Response get(@PathParam("version") int number) {
    SchemaVersion v =
        schemas.list(AdminRequests.actor(security), tenant()).stream()
            .filter(s -> s.number() == number)
            .findFirst()
            .orElseThrow(
                () ->
                    new TenancyException(
                        TenancyException.Kind.NOT_FOUND,
                        "Schema version not found",
                        "tenant `" + slug + "` has no schema version " + number));
    return AdminViews.ok(AdminViews.schema(v).add("sdl", v.sdl()).build());
  }

  @POST
  @Path("{version}/activate")
  @Consumes(MediaType.WILDCARD)
  public Response activate(
      @PathParam("version") int number,
      @QueryParam("confirmBreaking") @DefaultValue("false") boolean confirmBreaking) {
    return AdminViews.ok(
        withChanges(
                schemas.activate(AdminRequests.actor(security), tenant(), number, confirmBreaking))
            .build());
  }

  private TenantId tenant() {
    return AdminRequests.tenant(slug);
  }

  private static JsonObjectBuilder withChanges(Schemas.Outcome outcome) {
    JsonArrayBuilder changes = Json.createArrayBuilder();
    outcome
        .changes()
        .forEach(
            c ->
                changes.add(
                    Json.createObjectBuilder()
                        .add("compatibility", c.compatibility().name())
                        .add("subject", c.subject())
                        .add("description", c.description())));
    return AdminViews.schema(outcome.version()).add("changes", changes);
  }
}
