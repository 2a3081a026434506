package dev.cairn.server.api.admin;

import dev.cairn.server.JsonJava;
import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.flags.FlagAdmin;
import dev.cairn.server.flags.FlagPayloads;
import dev.cairn.server.graphql.JsonOutput;
import dev.cairn.server.tenancy.AuditEvent;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.spec.flags.Evaluation;
import dev.cairn.spec.flags.EvaluationContext;
import dev.cairn.spec.flags.Flag;
import dev.cairn.spec.flags.FlagEvaluator;
import dev.cairn.spec.flags.FlagSet;
import dev.cairn.spec.flags.FlagSetDiff;
import dev.cairn.spec.flags.FlagSetWriter;
import dev.cairn.spec.flags.Segment;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
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
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/tenants/{tenant}/flags} and {@code .../segments}: a tenant's feature flags and
 * segments in the full form of {@code flags.yaml} (tenants/README.md) as JSON. {@code PUT
 * .../flags} applies a whole document (JSON or YAML; {@code ?dryRun=true} only lists the changes);
 * {@code POST .../flag-evaluations} shows who gets what for a context. Invalid input answers 400
 * with every problem in {@code errors}, each naming flag, rule and field; nothing is saved then.
 */
@Tag(name = "Feature flags", description = "Flags and segments of a tenant")
@APIResponse(
    responseCode = "400",
    description = "Invalid flags; `errors` lists each problem as `path: message`",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "401",
    description = "No valid cairn-console bearer token",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "403",
    description = "Changing flags needs DEVELOPER or above",
    content = @Content(mediaType = "application/problem+json"))
@APIResponse(
    responseCode = "404",
    description = "No such tenant, flag or segment",
    content = @Content(mediaType = "application/problem+json"))
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FlagsResource {
  private static final int MAX_HISTORY = 200;

  @Context SecurityContext security;
  @Inject FlagAdmin flags;

  @PathParam("tenant")
  String slug;

  private TenantId tenant() {
    return AdminRequests.tenant(slug);
  }

  @Operation(
      summary =
          "The whole flags document (full form; `version` is the format's) with its `revision`,"
              + " which counts the tenant's flag changes, and `flagStatus`: per flag key"
              + " lastChangedAt, lastEvaluatedAt (absent: no client evaluated it yet), stale and"
              + " staleReason (ONE_VARIATION, NOT_EVALUATED)")
  @GET
  @Path("flags")
  public Response document() {
    FlagAdmin.Versioned current = flags.read(AdminRequests.actor(security), tenant());
    Map<String, FlagAdmin.FlagInfo> infos = flags.flags(AdminRequests.actor(security), tenant());
    // `version` is the document format's (1); `revision` counts the tenant's flag changes.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("revision", current.version());
    body.putAll(FlagSetWriter.document(current.set()));
    Map<String, Object> status = new LinkedHashMap<>();
    infos.forEach((key, info) -> status.put(key, status(info)));
    body.put("flagStatus", status);
    return json(body);
  }

  private static Map<String, Object> status(FlagAdmin.FlagInfo info) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lastChangedAt", info.lastChanged().toString());
    info.lastEvaluated().ifPresent(at -> out.put("lastEvaluatedAt", at.toString()));
    out.put("stale", info.stale());
    info.staleReason().ifPresent(r -> out.put("staleReason", r.name()));
    return out;
  }

  @Operation(
      summary =
          "Apply a flags document (JSON or flags.yaml): it becomes the tenant's whole set of flags"
              + " and segments, in one audited transaction; ?dryRun=true lists the changes only."
              + " Each change names what, key and change (ADDED, REMOVED, CHANGED), with the entry"
              + " before and after (full form; null where absent). Problems name the document's"
              + " line and column (flags.yaml:12:9: path: message); ?ifRevision=N (the revision a"
              + " preview showed) refuses the apply with 409 when the flags changed since")
  @PUT
  @Path("flags")
  @Consumes(MediaType.WILDCARD)
  public Response apply(
      String body,
      @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
      @QueryParam("ifRevision") Long ifRevision) {
    FlagAdmin.Applied applied =
        flags.applyDocument(AdminRequests.actor(security), tenant(), body, dryRun, ifRevision);
    List<Object> changes = new ArrayList<>();
    for (FlagSetDiff.Change c : applied.changes()) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("what", c.what());
      change.put("key", c.key());
      change.put("change", c.kind().name());
      boolean flag = c.what().equals("flag");
      change.put("before", entry(flag, applied.before(), c.key()));
      change.put("after", entry(flag, applied.after(), c.key()));
      changes.add(change);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dryRun", applied.dryRun());
    out.put("revision", applied.version());
    out.put("changes", changes);
    return json(out);
  }

  @Operation(
      summary =
          "One flag (full form), with lastChangedAt, lastEvaluatedAt, stale and staleReason:"
              + " ONE_VARIATION (temporary, serving one variation to everyone for the stale period,"
              + " 30 days) or NOT_EVALUATED (no client evaluated it for that long)")
  @GET
  @Path("flags/{key}")
  public Response flag(@PathParam("key") String key) {
    FlagAdmin.FlagInfo info = flags.flag(AdminRequests.actor(security), tenant(), key);
    Map<String, Object> body = withKey(key, FlagSetWriter.flag(info.flag()));
    body.putAll(status(info));
    return json(body);
  }

  @Operation(summary = "Create or replace a flag; needs DEVELOPER")
  @PUT
  @Path("flags/{key}")
  @Consumes(MediaType.WILDCARD)
  public Response putFlag(@PathParam("key") String key, String body) {
    Flag flag = flags.putFlag(AdminRequests.actor(security), tenant(), key, entry(body));
    return json(withKey(key, FlagSetWriter.flag(flag)));
  }

  @Operation(summary = "Delete a flag; refused while another flag requires it; needs DEVELOPER")
  @DELETE
  @Path("flags/{key}")
  public Response deleteFlag(@PathParam("key") String key) {
    flags.deleteFlag(AdminRequests.actor(security), tenant(), key);
    return Response.noContent().build();
  }

  @Operation(summary = "Switch a flag on or off: body {\"on\": true|false}; needs DEVELOPER")
  @POST
  @Path("flags/{key}/toggle")
  @Consumes(MediaType.WILDCARD)
  public Response toggle(@PathParam("key") String key, String body) {
    JsonObject request = AdminRequests.object(body);
    JsonValue on = request.get("on");
    if (on != JsonValue.TRUE && on != JsonValue.FALSE) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "send {\"on\": true} or {\"on\": false}");
    }
    Flag flag = flags.toggle(AdminRequests.actor(security), tenant(), key, on == JsonValue.TRUE);
    return json(withKey(key, FlagSetWriter.flag(flag)));
  }

  @Operation(summary = "A flag's changes with the state before and after each, newest first")
  @GET
  @Path("flags/{key}/history")
  public Response flagHistory(
      @PathParam("key") String key, @QueryParam("limit") @DefaultValue("50") int limit) {
    return history("flag", key, limit);
  }

  @Operation(summary = "One segment (full form; its member lists stay in the admin API)")
  @GET
  @Path("segments/{key}")
  public Response segment(@PathParam("key") String key) {
    Segment segment =
        flags
            .read(AdminRequests.actor(security), tenant())
            .set()
            .segment(key)
            .orElseThrow(() -> notFound("segment", key));
    return json(withKey(key, FlagSetWriter.segment(segment)));
  }

  @Operation(summary = "Create or replace a segment; needs DEVELOPER")
  @PUT
  @Path("segments/{key}")
  @Consumes(MediaType.WILDCARD)
  public Response putSegment(@PathParam("key") String key, String body) {
    Segment segment = flags.putSegment(AdminRequests.actor(security), tenant(), key, entry(body));
    return json(withKey(key, FlagSetWriter.segment(segment)));
  }

  @Operation(summary = "Delete a segment; refused while a flag uses it; needs DEVELOPER")
  @DELETE
  @Path("segments/{key}")
  public Response deleteSegment(@PathParam("key") String key) {
    flags.deleteSegment(AdminRequests.actor(security), tenant(), key);
    return Response.noContent().build();
  }

  @Operation(summary = "A segment's changes with the state before and after each, newest first")
  @GET
  @Path("segments/{key}/history")
  public Response segmentHistory(
      @PathParam("key") String key, @QueryParam("limit") @DefaultValue("50") int limit) {
    return history("segment", key, limit);
  }

  @Operation(
      summary =
          "Who gets what: every flag evaluated for a context"
              + " ({\"context\": {\"key\": \"alice\", \"groups\": [\"beta\"], ...}})")
  @POST
  @Path("flag-evaluations")
  @Consumes(MediaType.WILDCARD)
  @SuppressWarnings("unchecked")
  public Response evaluate(String body) {
    Object tree = FlagAdmin.parseBody(body == null || body.isBlank() ? "{}" : body);
    Object context = tree instanceof Map<?, ?> m ? m.get("context") : null;
    if (!(context instanceof Map<?, ?> attributes)) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "send {\"context\": {\"key\": \"<user id>\", ...attributes}}");
    }
    FlagEvaluator evaluator =
        FlagEvaluator.of(flags.read(AdminRequests.actor(security), tenant()).set());
    Map<String, Evaluation> all =
        evaluator.evaluateAll(new EvaluationContext((Map<String, Object>) attributes));
    return json(FlagPayloads.cairnFlags(all, all));
  }

  private Response history(String what, String key, int limit) {
    List<AuditEvent> events =
        flags.history(
            AdminRequests.actor(security),
            tenant(),
            what,
            key,
            Math.max(1, Math.min(limit, MAX_HISTORY)));
    List<Object> out = new ArrayList<>();
    for (AuditEvent e : events) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("at", e.at().toString());
      m.put("actor", e.actor());
      m.put("action", e.action());
      m.put("before", e.before().map(FlagsResource::tree).orElse(null));
      m.put("after", e.after().map(FlagsResource::tree).orElse(null));
      out.add(m);
    }
    return json(out);
  }

  private static Object tree(String json) {
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(json))) {
      return JsonJava.toJava(reader.readValue());
    }
  }

  private static Object entry(String body) {
    Object tree = FlagAdmin.parseBody(body);
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      copy.remove("key"); // the path names the entry
      return copy;
    }
    return tree;
  }

  private static Map<String, Object> entry(boolean flag, FlagSet set, String key) {
    if (flag) {
      return set.flag(key).map(FlagSetWriter::flag).orElse(null);
    }
    return set.segment(key).map(FlagSetWriter::segment).orElse(null);
  }

  private static Map<String, Object> withKey(String key, Map<String, Object> entry) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.putAll(entry);
    return out;
  }

  private TenancyException notFound(String what, String key) {
    return new TenancyException(
        TenancyException.Kind.NOT_FOUND,
        "Not found",
        "tenant `" + slug + "` has no " + what + " `" + key + "`");
  }

  private static Response json(Object body) {
    return Response.ok(JsonOutput.write(body), MediaType.APPLICATION_JSON).build();
  }
}
