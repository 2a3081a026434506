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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/tenants}: sign a tenant up ({@code POST {"slug","name"}}, the caller becomes
 * OWNER) and list the caller's tenants; one tenant is {@link TenantResource}.
 */
@Tag(name = "Tenants", description = "Sign up and list tenants")
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
@SecurityScheme(
    securitySchemeName = TenantsResource.CONSOLE_TOKEN,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description = "An access token of the cairn-console realm, e.g. from the cairn-cli client")
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantsResource {
  /** The OpenAPI security scheme every admin operation requires: a console-realm bearer token. */
  public static final String CONSOLE_TOKEN = "consoleToken";

  @Context SecurityContext security;
  @Inject Tenants tenants;

  @Operation(summary = "Sign up a tenant; the caller becomes its OWNER (409 if the slug is taken)")
  @APIResponse(responseCode = "201", description = "Signed up; the tenant with role OWNER")
  @APIResponse(
      responseCode = "409",
      description = "The slug is taken",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "502",
      description = "Provisioning the tenant's realm failed and was rolled back; try again",
      content = @Content(mediaType = "application/problem+json"))
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

  @Operation(summary = "List the tenants the caller is a member of")
  @GET
  public Response mine() {
    return AdminViews.ok(
        AdminViews.array(tenants.mine(AdminRequests.actor(security)), AdminViews::tenant).build());
  }
}
