package dev.cairn.server.api.admin;

import dev.cairn.server.tenancy.Members;
import dev.cairn.server.tenancy.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/** {@code /api/admin/tenants/{tenant}/members}: list, invite ({@code {"email","role"}}). */
@Path("api/admin/tenants/{tenant}/members")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MembersResource {
  @Context SecurityContext security;
  @Inject Members members;

  @PathParam("tenant")
  String slug;

  @GET
  public Response list() {
    return AdminViews.ok(
        AdminViews.array(
                members.list(AdminRequests.actor(security), AdminRequests.tenant(slug)),
                AdminViews::member)
            .build());
  }

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
}
