package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.tenancy.SlugAvailability;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/slugs/{slug}}: whether a tenant slug can be signed up now ({@code
 * available}), and if not, {@code problem} says why (the slug rule, or taken). Any signed-in
 * console user may ask; it reveals no more than a signup attempt.
 */
@Tag(name = "Tenants")
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/slugs/{slug}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SlugsResource {
  @Inject SlugAvailability slugs;

  @Operation(summary = "Check whether a tenant slug is valid and free")
  @GET
  public Response check(@PathParam("slug") String slug) {
    Optional<String> problem = slugs.problemWith(slug);
    JsonObjectBuilder body =
        Jsonp.PROVIDER.createObjectBuilder().add("slug", slug).add("available", problem.isEmpty());
    problem.ifPresentOrElse(p -> body.add("problem", p), () -> body.addNull("problem"));
    return AdminViews.ok(body.build());
  }
}
