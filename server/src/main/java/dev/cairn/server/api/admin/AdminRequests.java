package dev.cairn.server.api.admin;

import dev.cairn.server.Jsonp;
import dev.cairn.server.TenantId;
import dev.cairn.server.api.Problem;
import dev.cairn.server.auth.ConsoleIdentity;
import dev.cairn.server.tenancy.Actor;
import dev.cairn.server.tenancy.SignupLimits;
import dev.cairn.server.tenancy.TenancyException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Locale;

/** Reading admin requests: the calling console user, tenant slugs in paths, JSON bodies. */
final class AdminRequests {
  private AdminRequests() {}

  static Actor actor(SecurityContext security) {
    if (!(security.getUserPrincipal() instanceof ConsoleIdentity id)) {
      // The authentication filter runs first on every admin path; never answer without it.
      throw new NotAuthorizedException(
          "Bearer realm=\"cairn-console\"",
          Problem.of(
                  Response.Status.UNAUTHORIZED,
                  "Unauthorized",
                  "send `Authorization: Bearer <access token>` from the cairn-console realm")
              .build());
    }
    // Only an email the issuer verified may claim invitations or sign tenants up: anyone can
    // register an account with any address in the console realm.
    return new Actor(
        id.subject(),
        id.username(),
        id.emailVerified() ? id.email() : "",
        id.groups().contains(SignupLimits.OPERATOR_GROUP));
  }

  /** The tenant of a path; a malformed slug is reported like an unknown tenant. */
  static TenantId tenant(String slug) {
    if (TenantId.problemWith(slug) != null) {
      throw new TenancyException(
          TenancyException.Kind.NOT_FOUND,
          "Tenant not found",
          "there is no tenant `" + slug + "` that you are a member of");
    }
    return TenantId.of(slug);
  }

  /** The body as a JSON object; an empty body is an empty object. */
  static JsonObject object(String body) {
    if (body == null || body.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader = Jsonp.PROVIDER.createReader(new StringReader(body))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "the body is not a JSON object: " + e.getMessage());
    }
  }

  /** A string member, or null when absent or JSON null. */
  static String string(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    throw new TenancyException(
        TenancyException.Kind.INVALID,
        "Invalid request",
        "`"
            + name
            + "` must be a string, not "
            + v.getValueType().toString().toLowerCase(Locale.ROOT));
  }

  /** An enum member spelled by its name (case-insensitive), or null when absent. */
  static <E extends Enum<E>> E enumValue(JsonObject o, String name, Class<E> type) {
    String value = string(o, name);
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TenancyException(
          TenancyException.Kind.INVALID,
          "Invalid request",
          "`"
              + name
              + "` is `"
              + value
              + "`; use one of "
              + Arrays.toString(type.getEnumConstants()));
    }
  }
}
