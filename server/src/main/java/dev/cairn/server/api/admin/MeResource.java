package dev.cairn.server.api.admin;

import dev.cairn.server.auth.ConsoleIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/admin/me}: who the caller is, as the server sees their console token. */
@Tag(name = "Tenants")
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/me")
@RequestScoped
public class MeResource {
  @Context SecurityContext security;

  /** The caller, as JSON. */
  public record Me(String subject, String username, String email, List<String> groups) {}

  @Operation(summary = "Who the caller is, as the server reads their console token")
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Me me() {
    ConsoleIdentity identity = (ConsoleIdentity) security.getUserPrincipal();
    return new Me(identity.subject(), identity.username(), identity.email(), identity.groups());
  }
}
