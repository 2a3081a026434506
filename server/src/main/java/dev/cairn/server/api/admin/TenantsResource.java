package dev.cairn.server.api.admin;

import dev.cairn.server.tenancy.Tenant;
import dev.cairn.server.tenancy.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /api/admin/tenants}: sign a tenant up ({@code POST {"slug","name"}}, the caller becomes
 * OWNER) and list the caller's tenants; one tenant is {@link TenantResource}.
 */
@Path("api/admin/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {
  @Context SecurityContext security;
  @Inject Tenants tenants;

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response signup(String body) {
    JsonObject request = AdminRequests.object(body);
    Tenant t =
        tenants.signup(
            AdminRequests.actor(security),
            AdminRequests.string(request, "slug"),
            AdminRequests.string(request, "name"));
    return AdminViews.created(AdminViews.tenant(t).add("role", "OWNER").build());
  }

  @GET
  public Response mine() {
    return AdminViews.ok(
        AdminViews.array(tenants.mine(AdminRequests.actor(security)), AdminViews::tenant).build());
  }
}
