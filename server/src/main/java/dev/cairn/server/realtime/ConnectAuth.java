package dev.cairn.server.realtime;

import dev.cairn.server.ErrorType;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth headers a realtime client sends when it connects (APPSYNC.md §1.3): in the {@code
 * header-<base64url JSON>} subprotocol (current clients) or in the legacy {@code ?header=<base64
 * JSON>&payload=e30=} query.
 */
final class ConnectAuth {
  static final String HEADER_PROTOCOL_PREFIX = "header-";

  private ConnectAuth() {}

  /** The headers from the offered subprotocols or else the query; empty if neither has any. */
  static Map<String, String> from(List<String> offeredProtocols, String queryString)
      throws RealtimeException {
    for (String protocol : offeredProtocols) {
      if (protocol.startsWith(HEADER_PROTOCOL_PREFIX)) {
        return decode(protocol.substring(HEADER_PROTOCOL_PREFIX.length()), "header- subprotocol");
      }
    }
    Optional<String> header = queryParameter(queryString, "header");
    if (header.isPresent()) {
      return decode(header.get(), "`header` query parameter");
    }
    return Map.of();
  }

  /** The string members of a JSON object, e.g. {@code extensions.authorization} of a start. */
  static Map<String, String> strings(JsonObject object) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : object.entrySet()) {
      if (e.getValue() instanceof JsonString s) {
        headers.put(e.getKey(), s.getString());
      }
    }
    return headers;
  }

  private static Map<String, String> decode(String base64, String where) throws RealtimeException {
    byte[] json;
    try {
      // base64url without padding from current clients; legacy clients used standard base64
      String normalized = base64.replace('-', '+').replace('_', '/').replace("%3D", "=");
      json = Base64.getMimeDecoder().decode(normalized);
    } catch (IllegalArgumentException e) {
      throw new RealtimeException(
          ErrorType.BAD_REQUEST.wireName(), "the " + where + " is not base64-encoded JSON");
    }
    try (JsonReader reader = Json.reader(new String(json, StandardCharsets.UTF_8))) {
      return strings(reader.readObject());
    } catch (JsonException | ClassCastException e) {
      throw new RealtimeException(
          ErrorType.BAD_REQUEST.wireName(),
          "the " + where + " does not hold a JSON object of auth headers");
    }
  }

  private static Optional<String> queryParameter(String query, String name) {
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
