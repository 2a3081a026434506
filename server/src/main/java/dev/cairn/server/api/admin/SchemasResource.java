package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.SchemaDrafts;
import dev.cairn.server.tenancy.SchemaVersion;
import dev.cairn.server.tenancy.Schemas;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.spec.SchemaChange;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/tenants/{tenant}/schemas}: publish a version (the body is the SDL; {@code
 * ?confirmBreaking=true} accepts breaking changes, {@code ?activate=false} only stores it), list
 * versions, read the active or a numbered one with its SDL, activate or roll back ({@code POST
 * .../{version}/activate}), check a draft without storing it ({@code POST .../validate}).
 */
@Tag(name = "Schemas", description = "Schema versions of a tenant")
@APIResponse(
    responseCode = "401",
    description = "No valid cairn-console bearer token",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "404",
    description = "No such tenant, or the caller is not a member of it",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "403",
    description = "The caller's role in the tenant is too low",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "400",
    description = "Invalid request; `detail` names the problem",
    content = @Content(mediaType = "application/problem+json"))
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}/schemas")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SchemasResource {
  @Context SecurityContext security;
  @Inject Schemas schemas;
  @Inject SchemaDrafts drafts;

  @PathParam("tenant")
  String slug;

  @Operation(
      summary =
          "Publish a schema version (body: SDL); 409 lists breaking changes unless confirmBreaking=true; needs DEVELOPER")
  @APIResponse(responseCode = "201", description = "Published; the version and its changes")
  @APIResponse(
      responseCode = "409",
      description = "Breaking changes, listed in `errors`; repeat with confirmBreaking=true",
      content = @Content(mediaType = "application/problem+json"))
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

  @Operation(
      summary =
          "Check a draft (body: SDL) without storing it: errors with line:column, and the changes"
              + " against the active version; same validator as publishing; needs VIEWER")
  @APIResponse(
      responseCode = "200",
      description = "`valid`, `errors` [{line, column, message}], `changes`, `activeVersion`")
  @POST
  @Path("validate")
  @Consumes(MediaType.WILDCARD)
  public Response validate(String sdl) {
    SchemaDrafts.Check check = drafts.check(AdminRequests.actor(security), tenant(), sdl);
    JsonArrayBuilder errors = Jsonp.PROVIDER.createArrayBuilder();
    check
        .errors()
        .forEach(
            e ->
                errors.add(
                    Jsonp.PROVIDER
                        .createObjectBuilder()
                        .add("line", e.line())
                        .add("column", e.column())
                        .add("message", e.message())));
    JsonObjectBuilder body =
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("valid", check.errors().isEmpty())
            .add("errors", errors)
            .add("changes", changes(check.changes()));
    check
        .activeVersion()
        .ifPresentOrElse(v -> body.add("activeVersion", v), () -> body.addNull("activeVersion"));
    return AdminViews.ok(body.build());
  }

  @Operation(summary = "List schema versions")
  @GET
  public Response list() {
    return AdminViews.ok(
        AdminViews.array(schemas.list(AdminRequests.actor(security), tenant()), AdminViews::schema)
            .build());
  }

  @Operation(summary = "Get the active schema version with its SDL")
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

  @Operation(summary = "Get a schema version with its SDL")
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

  @Operation(summary = "Activate or roll back to a version; needs DEVELOPER")
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
    return AdminViews.schema(outcome.version()).add("changes", changes(outcome.changes()));
  }

  private static JsonArrayBuilder changes(List<SchemaChange> list) {
    JsonArrayBuilder changes = Jsonp.PROVIDER.createArrayBuilder();
    list.forEach(
        c ->
            changes.add(
                Jsonp.PROVIDER
                    .createObjectBuilder()
                    .add("compatibility", c.compatibility().name())
                    .add("subject", c.subject())
                    .add("description", c.description())));
    return changes;
  }
}
