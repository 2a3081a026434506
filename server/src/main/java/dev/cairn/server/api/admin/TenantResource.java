package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.conflict.ConflictStrategy;
import dev.cairn.server.tenancy.AuditFilter;
import dev.cairn.server.tenancy.AuditTrail;
import dev.cairn.server.tenancy.AuthSettings;
import dev.cairn.server.tenancy.ConflictSettings;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.server.tenancy.Tenants;
import dev.cairn.server.tenancy.TrustedIssuer;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * One tenant: {@code GET} it with the caller's role, and its settings and history: {@code .../auth}
 * (trusted issuers; PUT replaces the custom ones, the provisioned realm stays), {@code
 * .../conflicts} (default strategy, per-model overrides, webhook) and {@code .../audit?limit=N}
 * (newest first).
 */
@Tag(
    name = "Tenant settings",
    description = "One tenant, its auth and conflict settings, its audit log")
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
@Path("api/admin/tenants/{tenant}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
  @Context SecurityContext security;
  @Inject AuthSettings auth;
  @Inject ConflictSettings conflicts;
  @Inject AuditTrail audit;
  @Inject Tenants tenants;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "Get a tenant with the caller's role in it")
  @GET
  public Response get() {
    Tenants.Membership m = tenants.get(AdminRequests.actor(security), tenant());
    return AdminViews.ok(AdminViews.tenant(m.tenant()).add("role", m.role().name()).build());
  }

  @Operation(
      summary =
          "Switch GraphQL introspection of the tenant's API on or off ({\"enabled\": false});"
              + " needs ADMIN")
  @PUT
  @Path("introspection")
  @Consumes(MediaType.WILDCARD)
  public Response setIntrospection(String body) {
    JsonValue enabled = AdminRequests.object(body).get("enabled");
    if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
      throw invalid("send {\"enabled\": true} or {\"enabled\": false}");
    }
    return AdminViews.ok(
        AdminViews.tenant(
                tenants.setIntrospection(
                    AdminRequests.actor(security), tenant(), enabled == JsonValue.TRUE))
            .build());
  }

  @Operation(summary = "List the trusted token issuers")
  @GET
  @Path("auth")
  public Response issuers() {
    return issuersView(auth.issuers(AdminRequests.actor(security), tenant()));
  }

  @Operation(
      summary = "Replace the custom trusted issuers (the provisioned realm stays); needs ADMIN")
  @PUT
  @Path("auth")
  @Consumes(MediaType.WILDCARD)
  public Response setIssuers(String body) {
    JsonObject request = AdminRequests.object(body);
    JsonValue list = request.get("issuers");
    if (list == null || list.getValueType() != JsonValue.ValueType.ARRAY) {
      throw invalid("send {\"issuers\": [{\"issuer\": ..., \"audience\": ...}]}");
    }
    List<AuthSettings.IssuerRequest> requested = new ArrayList<>();
    for (JsonValue v : list.asJsonArray()) {
      if (v.getValueType() != JsonValue.ValueType.OBJECT) {
        throw invalid("every entry of `issuers` must be an object");
      }
      JsonObject o = v.asJsonObject();
      requested.add(
          new AuthSettings.IssuerRequest(
              AdminRequests.string(o, "issuer"),
              AdminRequests.string(o, "audience"),
              AdminRequests.string(o, "jwksUri"),
              AdminRequests.string(o, "identityClaim"),
              AdminRequests.string(o, "groupsClaim")));
    }
    return issuersView(
        auth.replaceCustomIssuers(AdminRequests.actor(security), tenant(), requested));
  }

  @Operation(summary = "Get the conflict settings")
  @GET
  @Path("conflicts")
  public Response conflicts() {
    return AdminViews.ok(
        AdminViews.conflicts(conflicts.get(AdminRequests.actor(security), tenant())).build());
  }

  @Operation(
      summary =
          "Set the default conflict strategy, per-model overrides and webhook; needs DEVELOPER."
              + " The answer carries `webhookSecret` (the key of the webhook calls' Cairn-Signature"
              + " header) only when this call made it: the first time a webhook is set, or with"
              + " \"rotateWebhookSecret\": true")
  @PUT
  @Path("conflicts")
  @Consumes(MediaType.WILDCARD)
  public Response setConflicts(String body) {
    JsonObject request = AdminRequests.object(body);
    Map<String, ConflictStrategy> models = new LinkedHashMap<>();
    JsonValue m = request.get("models");
    if (m != null && m.getValueType() == JsonValue.ValueType.OBJECT) {
      for (String model : m.asJsonObject().keySet()) {
        models.put(model, AdminRequests.enumValue(m.asJsonObject(), model, ConflictStrategy.class));
      }
    } else if (m != null && m.getValueType() != JsonValue.ValueType.NULL) {
      throw invalid("`models` must be an object such as {\"Post\": \"OPTIMISTIC_CONCURRENCY\"}");
    }
    JsonValue rotate = request.get("rotateWebhookSecret");
    if (rotate != null && rotate != JsonValue.TRUE && rotate != JsonValue.FALSE) {
      throw invalid("`rotateWebhookSecret` must be true or false");
    }
    ConflictSettings.Saved saved =
        conflicts.set(
            AdminRequests.actor(security),
            tenant(),
            AdminRequests.enumValue(request, "default", ConflictStrategy.class),
            models,
            AdminRequests.string(request, "webhook"),
            rotate == JsonValue.TRUE);
    var view = AdminViews.conflicts(saved.config());
    saved.newWebhookSecret().ifPresent(secret -> view.add("webhookSecret", secret));
    return AdminViews.ok(view.build());
  }

  @Operation(
      summary =
          "Read the audit log, newest first; filter by actor (subject), action (or prefix, e.g."
              + " `member`), from/to (ISO-8601 instants)")
  @GET
  @Path("audit")
  public Response audit(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    AuditFilter filter =
        new AuditFilter(
            Optional.ofNullable(actor),
            Optional.ofNullable(action),
            instant("from", from),
            instant("to", to));
    return AdminViews.ok(
        AdminViews.array(
                audit.recent(AdminRequests.actor(security), tenant(), filter, limit),
                AdminViews::audit)
            .build());
  }

  private static Optional<Instant> instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw invalid(
          "`"
              + name
              + "` is `"
              + value
              + "`; use an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }

  private Response issuersView(List<TrustedIssuer> issuers) {
    return AdminViews.ok(
        Jsonp.PROVIDER
            .createObjectBuilder()
            .add("issuers", AdminViews.array(issuers, AdminViews::issuer))
            .build());
  }

  private TenantId tenant() {
    return AdminRequests.tenant(slug);
  }

  private static TenancyException invalid(String detail) {
    return new TenancyException(TenancyException.Kind.INVALID, "Invalid request", detail);
  }
}
