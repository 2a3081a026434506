package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.AppUserDirectory.AppUser;
import dev.cairn.server.tenancy.AppUserDirectory.Group;
import dev.cairn.server.tenancy.AppUsers;
import dev.cairn.server.tenancy.TenancyException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The app users and groups of a tenant's provisioned realm: {@code .../app-users} (search, create),
 * {@code .../app-users/{id}/enabled}, {@code .../app-users/{id}/password}, {@code
 * .../app-users/{id}/groups/{groupId}} (PUT joins, DELETE leaves), {@code .../app-groups} (list,
 * create). Reading needs VIEWER, changes ADMIN; changes are audited.
 */
@Tag(name = "App users", description = "Users and groups of the tenant's own realm")
@APIResponse(
    responseCode = "404",
    description = "No such tenant or user, or the caller is not a member of the tenant",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "403",
    description = "The caller's role in the tenant is too low",
    content = @Content(mediaType = "application/problem+json"))
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AppUsersResource {
  @Context SecurityContext security;
  @Inject AppUsers users;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "Search app users by username, email or name")
  @GET
  @Path("app-users")
  public Response search(
      @QueryParam("search") String search,
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("max") @DefaultValue("20") int max) {
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (AppUser u : users.search(AdminRequests.actor(security), tenant(), search, first, max)) {
      JsonArrayBuilder groups = Jsonp.PROVIDER.createArrayBuilder();
      u.groups().forEach(groups::add);
      list.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("id", u.id())
              .add("username", u.username())
              .add("email", u.email())
              .add("enabled", u.enabled())
              .add("groups", groups));
    }
    return AdminViews.ok(list.build());
  }

  @Operation(
      summary =
          "Create an app user ({username, email, password, firstName, lastName}); needs ADMIN")
  @POST
  @Path("app-users")
  @Consumes(MediaType.WILDCARD)
  public Response create(String body) {
    JsonObject request = AdminRequests.object(body);
    String id =
        users.create(
            AdminRequests.actor(security),
            tenant(),
            AdminRequests.string(request, "username"),
            AdminRequests.string(request, "email"),
            AdminRequests.string(request, "firstName"),
            AdminRequests.string(request, "lastName"),
            AdminRequests.string(request, "password"));
    return AdminViews.created(Jsonp.PROVIDER.createObjectBuilder().add("id", id).build());
  }

  @Operation(summary = "Enable or disable an app user ({\"enabled\": false}); needs ADMIN")
  @PUT
  @Path("app-users/{id}/enabled")
  @Consumes(MediaType.WILDCARD)
  public Response setEnabled(@PathParam("id") String id, String body) {
    JsonValue enabled = AdminRequests.object(body).get("enabled");
    if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
      throw invalid("send {\"enabled\": true} or {\"enabled\": false}");
    }
    users.setEnabled(AdminRequests.actor(security), tenant(), id, enabled == JsonValue.TRUE);
    return done();
  }

  @Operation(summary = "Reset an app user's password ({password, temporary}); needs ADMIN")
  @PUT
  @Path("app-users/{id}/password")
  @Consumes(MediaType.WILDCARD)
  public Response resetPassword(@PathParam("id") String id, String body) {
    JsonObject request = AdminRequests.object(body);
    users.resetPassword(
        AdminRequests.actor(security),
        tenant(),
        id,
        AdminRequests.string(request, "password"),
        request.getBoolean("temporary", false));
    return done();
  }

  @Operation(summary = "Add an app user to a group; needs ADMIN")
  @PUT
  @Path("app-users/{id}/groups/{group}")
  @Consumes(MediaType.WILDCARD)
  public Response join(@PathParam("id") String id, @PathParam("group") String group) {
    users.setMembership(AdminRequests.actor(security), tenant(), id, group, true);
    return done();
  }

  @Operation(summary = "Remove an app user from a group; needs ADMIN")
  @DELETE
  @Path("app-users/{id}/groups/{group}")
  public Response leave(@PathParam("id") String id, @PathParam("group") String group) {
    users.setMembership(AdminRequests.actor(security), tenant(), id, group, false);
    return done();
  }

  @Operation(summary = "List the realm's groups")
  @GET
  @Path("app-groups")
  public Response groups() {
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (Group g : users.groups(AdminRequests.actor(security), tenant())) {
      list.add(Jsonp.PROVIDER.createObjectBuilder().add("id", g.id()).add("name", g.name()));
    }
    return AdminViews.ok(list.build());
  }

  @Operation(summary = "Create a group ({name}); needs ADMIN")
  @POST
  @Path("app-groups")
  @Consumes(MediaType.WILDCARD)
  public Response createGroup(String body) {
    String name = AdminRequests.string(AdminRequests.object(body), "name");
    String id = users.createGroup(AdminRequests.actor(security), tenant(), name);
    JsonObjectBuilder created =
        Jsonp.PROVIDER.createObjectBuilder().add("id", id).add("name", name);
    return AdminViews.created(created.build());
  }

  private TenantId tenant() {
    return AdminRequests.tenant(slug);
  }

  private static Response done() {
    return AdminViews.ok(Jsonp.PROVIDER.createObjectBuilder().add("done", true).build());
  }

  private static TenancyException invalid(String detail) {
    return new TenancyException(TenancyException.Kind.INVALID, "Invalid request", detail);
  }
}
