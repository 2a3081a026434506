package dev.cairn.server.api.admin;

import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.ApiKey;
import dev.cairn.server.tenancy.ApiKeyRevoked;
import dev.cairn.server.tenancy.ApiKeys;
import dev.cairn.server.tenancy.TenancyException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/tenants/{tenant}/api-keys}: create ({@code {"description","expiresAt"}}; the
 * answer's {@code key} is the only time the plaintext is shown), list, revoke ({@code DELETE
 * .../{id}}).
 */
@Tag(name = "API keys", description = "API keys of a tenant (they grant public rules only)")
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
@Path("api/admin/tenants/{tenant}/api-keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {
  @Context SecurityContext security;
  @Inject ApiKeys apiKeys;
  @Inject Event<ApiKeyRevoked> revoked;

  @PathParam("tenant")
  String slug;

  @Operation(
      summary =
          "Create an API key; the answer holds the plaintext `key`, shown only this once; needs ADMIN")
  @APIResponse(responseCode = "201", description = "Created; `key` is the plaintext, shown once")
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response create(String body) {
    JsonObject request = AdminRequests.object(body);
    ApiKeys.CreatedKey created =
        apiKeys.create(
            AdminRequests.actor(security),
            AdminRequests.tenant(slug),
            AdminRequests.string(request, "description"),
            expiry(AdminRequests.string(request, "expiresAt")));
    return AdminViews.created(
        AdminViews.apiKey(created.key()).add("key", created.plaintext()).build());
  }

  @Operation(summary = "List API keys (never their plaintext or hash)")
  @GET
  public Response list() {
    return AdminViews.ok(
        AdminViews.array(
                apiKeys.list(AdminRequests.actor(security), AdminRequests.tenant(slug)),
                AdminViews::apiKey)
            .build());
  }

  @Operation(summary = "Revoke an API key; needs ADMIN")
  @DELETE
  @Path("{id}")
  public Response revoke(@PathParam("id") String id) {
    TenantId tenant = AdminRequests.tenant(slug);
    ApiKey key = apiKeys.revoke(AdminRequests.actor(security), tenant, id);
    revoked.fire(new ApiKeyRevoked(tenant, key.id()));
    return AdminViews.ok(AdminViews.apiKey(key).build());
  }

  private static Optional<Instant> expiry(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "expiresAt `" + value + "` is not an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
