package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.figures.TrafficFigures;
import dev.cairn.server.figures.WriteFigures;
import dev.cairn.server.realtime.RealtimeService;
import dev.cairn.server.tenancy.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/admin/tenants/{tenant}/figures}: the last hour of the tenant's sync traffic in
 * 10-second buckets: GraphQL requests, errors (GraphQL errors in a 200 included), p95 latency,
 * records returned by sync queries and the most realtime connections open, as seen by this node;
 * accepted writes and conflicts from every node; and the realtime connections open on this node now
 * ({@code openConnections}). Needs VIEWER.
 */
@Tag(name = "Tenant settings")
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}/figures")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FiguresResource {
  @Context SecurityContext security;
  @Inject Tenants tenants;
  @Inject TrafficFigures traffic;
  @Inject WriteFigures writes;
  @Inject RealtimeService realtime;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "The last hour of sync traffic, in 10-second buckets")
  @GET
  public Response lastHour() {
    TenantId tenant = AdminRequests.tenant(slug);
    tenants.get(AdminRequests.actor(security), tenant); // VIEWER or above, else 404
    List<TrafficFigures.Bucket> buckets = traffic.lastHour(tenant);
    int[][] written = writes.lastHour(tenant);
    JsonArrayBuilder list = Jsonp.PROVIDER.createArrayBuilder();
    for (int i = 0; i < buckets.size(); i++) {
      TrafficFigures.Bucket b = buckets.get(i);
      list.add(
          Jsonp.PROVIDER
              .createObjectBuilder()
              .add("start", b.startMillis())
              .add("requests", b.requests())
              .add("errors", b.errors())
              .add("p95Millis", b.p95Millis())
              .add("syncedRecords", b.syncedRecords())
              .add("connections", b.connections())
              .add("writes", written[i][0])
              .add("conflicts", written[i][1]));
    }
    return AdminViews.ok(
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("bucketSeconds", TrafficFigures.BUCKET_SECONDS)
            .add(
                "openConnections",
                realtime.realtime() == null
                    ? 0
                    : realtime.realtime().registry().connections(tenant))
            .add("buckets", list)
            .build());
  }
}
