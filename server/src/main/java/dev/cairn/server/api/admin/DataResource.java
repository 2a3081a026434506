package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.data.RecordBrowser;
import dev.cairn.server.tenancy.DataBrowsing;
import dev.cairn.server.tenancy.TenancyException;
import dev.cairn.spec.Field;
import dev.cairn.spec.Model;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The data browser's API: {@code GET .../data} (the active schema's models and fields), {@code GET
 * .../data/{model}?first&size&sort&desc&tombstones&filter} (a page; {@code filter} is a {@code
 * Model<M>FilterInput} as JSON), {@code POST .../data/{model}/create|update|delete} (the record
 * input as JSON, with {@code _version} for update and delete). Writes take the same version-checked
 * path as the sync API. Reading needs VIEWER, writing ADMIN (see {@link DataBrowsing} for why admin
 * writes are not held to the model's {@code @auth} rules and how they are audited).
 */
@Tag(name = "Data", description = "A tenant's records, for the console's data browser")
@APIResponse(
    responseCode = "404",
    description = "No such tenant or model, or the caller is not a member of the tenant",
    content = @Content(mediaType = "application/problem+json"))
@SecurityRequirement(name = TenantsResource.CONSOLE_TOKEN)
@Path("api/admin/tenants/{tenant}/data")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DataResource {
  private static final JsonWriterSettings RELAXED =
      JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

  @Context SecurityContext security;
  @Inject DataBrowsing data;

  @PathParam("tenant")
  String slug;

  @Operation(summary = "The models of the active schema with their stored fields")
  @GET
  public Response models() {
    JsonArrayBuilder models = Jsonp.PROVIDER.createArrayBuilder();
    for (Model m : data.models(AdminRequests.actor(security), tenant())) {
      JsonArrayBuilder fields = Jsonp.PROVIDER.createArrayBuilder();
      for (Field f : m.storedFields()) {
        if (f.isRelation()) {
          continue;
        }
        fields.add(
            Jsonp.PROVIDER
                .createObjectBuilder()
                .add("name", f.name())
                .add("type", f.type().toGraphQL())
                .add("key", m.primaryKey().fields().contains(f.name())));
      }
      models.add(Jsonp.PROVIDER.createObjectBuilder().add("name", m.name()).add("fields", fields));
    }
    return AdminViews.ok(models.build());
  }

  @Operation(summary = "A page of a model's records, filtered and sorted in MongoDB")
  @GET
  @Path("{model}")
  public Response page(
      @PathParam("model") String model,
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("size") @DefaultValue("20") int size,
      @QueryParam("sort") String sort,
      @QueryParam("desc") @DefaultValue("false") boolean descending,
      @QueryParam("tombstones") @DefaultValue("false") boolean tombstones,
      @QueryParam("filter") String filter) {
    Map<String, Object> filterInput =
        filter == null || filter.isBlank() ? Map.of() : toJava(AdminRequests.object(filter));
    RecordBrowser.Page page =
        data.page(
            AdminRequests.actor(security),
            tenant(),
            model,
            filterInput,
            tombstones,
            sort,
            descending,
            first,
            size);
    // the items are the driver's Extended JSON, which neither JSON-P nor JsonOutput writes
    String items =
        page.items().stream().map(d -> d.toJson(RELAXED)).collect(Collectors.joining(","));
    return Response.ok(
            "{\"total\":" + page.total() + ",\"items\":[" + items + "]}",
            MediaType.APPLICATION_JSON)
        .build();
  }

  @Operation(summary = "Create, update or delete a record (body: the record input); needs ADMIN")
  @POST
  @Path("{model}/{write}")
  @Consumes(MediaType.WILDCARD)
  public Response write(
      @PathParam("model") String model, @PathParam("write") String write, String body) {
    DataBrowsing.Write kind =
        switch (write) {
          case "create" -> DataBrowsing.Write.CREATE;
          case "update" -> DataBrowsing.Write.UPDATE;
          case "delete" -> DataBrowsing.Write.DELETE;
          default ->
              throw new TenancyException(
                  TenancyException.Kind.NOT_FOUND,
                  "Not found",
                  "use .../data/" + model + "/create, /update or /delete");
        };
    Document written =
        data.write(
            AdminRequests.actor(security),
            tenant(),
            model,
            kind,
            toJava(AdminRequests.object(body)));
    return Response.ok(written.toJson(RELAXED), MediaType.APPLICATION_JSON).build();
  }

  private TenantId tenant() {
    return AdminRequests.tenant(slug);
  }

  /**
   * JSON as the Java values GraphQL input has: Integer/Long, Double, Boolean, String, List, Map.
   */
  static Map<String, Object> toJava(JsonObject o) {
    Map<String, Object> out = new LinkedHashMap<>();
    o.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  private static Object value(JsonValue v) {
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> Boolean.TRUE;
      case FALSE -> Boolean.FALSE;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> {
        JsonNumber n = (JsonNumber) v;
        if (n.isIntegral()) {
          long l = n.longValue();
          yield l == (int) l ? (Object) (int) l : (Object) l;
        }
        yield n.doubleValue();
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        ((JsonArray) v).forEach(e -> list.add(value(e)));
        yield list;
      }
      case OBJECT -> toJava((JsonObject) v);
    };
  }
}
