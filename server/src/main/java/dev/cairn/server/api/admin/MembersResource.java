package dev.cairn.server.api.admin;

import dev.cairn.server.tenancy.Members;
import dev.cairn.server.tenancy.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
 * {@code /api/admin/tenants/{tenant}/members}: list, invite ({@code {"email","role"}}), change a
 * role ({@code PUT .../{id}} with {@code {"role"}}), remove a member or revoke an invitation
 * ({@code DELETE .../{id}}). The last OWNER can never be removed or demoted (409).
 */
@Tag(name = "Members", description = "Console users who may manage a tenant")
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
@Path("api/admin/tenants/{tenant}/members")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MembersResource {
  @Context SecurityContext security;
  @Inject Members members;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "List members and pending invitations")
  @GET
  public Response list() {
    return AdminViews.ok(
        AdminViews.array(
                members.list(AdminRequests.actor(security), AdminRequests.tenant(slug)),
                AdminViews::member)
            .build());
  }

  @Operation(
      summary =
          "Invite a console user by email with a role; needs ADMIN (OWNER to invite an OWNER)")
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response invite(String body) {
    JsonObject request = AdminRequests.object(body);
    return AdminViews.created(
        AdminViews.member(
                members.invite(
                    AdminRequests.actor(security),
                    AdminRequests.tenant(slug),
                    AdminRequests.string(request, "email"),
                    AdminRequests.enumValue(request, "role", Role.class)))
            .build());
  }

  @Operation(
      summary =
          "Change a member's role ({\"role\": \"ADMIN\"}); needs ADMIN, OWNER to touch the OWNER"
              + " role; the last OWNER cannot be demoted (409)")
  @APIResponse(
      responseCode = "409",
      description = "The member is the last OWNER",
      content = @Content(mediaType = "application/problem+json"))
  @PUT
  @Path("{id}")
  @Consumes(MediaType.WILDCARD)
  public Response changeRole(@PathParam("id") String id, String body) {
    return AdminViews.ok(
        AdminViews.member(
                members.changeRole(
                    AdminRequests.actor(security),
                    AdminRequests.tenant(slug),
                    id,
                    AdminRequests.enumValue(AdminRequests.object(body), "role", Role.class)))
            .build());
  }

  @Operation(
      summary =
          "Remove a member, or revoke an invitation not yet accepted; needs ADMIN (anyone may"
              + " leave); the last OWNER cannot be removed (409)")
  @APIResponse(
      responseCode = "409",
      description = "The member is the last OWNER",
      content = @Content(mediaType = "application/problem+json"))
  @DELETE
  @Path("{id}")
  public Response remove(@PathParam("id") String id) {
    return AdminViews.ok(
        AdminViews.member(
                members.remove(AdminRequests.actor(security), AdminRequests.tenant(slug), id))
            .build());
  }
}
