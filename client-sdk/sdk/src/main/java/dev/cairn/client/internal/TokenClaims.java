package dev.cairn.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of an access token the SDK needs locally: the subject (whose store it is) and the
 * groups ({@code groups}, or {@code cognito:groups} as Cognito names them). Read without checking
 * the signature: the server checks it; the client only uses the claims to pick and guard its own
 * store. Stateless.
 */
public record TokenClaims(Optional<String> subject, List<String> groups) {

  /** The claims of {@code jwt}; empty claims when it is not a readable JWT. */
  public static TokenClaims of(String jwt) {
    Map<String, Object> claims = payload(jwt);
    Object groups =
        claims.containsKey("groups") ? claims.get("groups") : claims.get("cognito:groups");
    List<String> names = new ArrayList<>();
    if (groups instanceof List<?> list) {
      list.forEach(g -> names.add(String.valueOf(g)));
    }
    names.sort(null);
    Object sub = claims.get("sub");
    return new TokenClaims(
        sub instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty(),
        List.copyOf(names));
  }

  /**
   * The payload of {@code jwt} (with or without {@code Bearer }), unverified; empty when it is not
   * a readable JWT.
   */
  public static Map<String, Object> payload(String jwt) {
    String token = jwt.startsWith("Bearer ") ? jwt.substring(7) : jwt;
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return Map.of();
    }
    try {
      return Json.parseObject(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | ClassCastException e) {
      return Map.of();
    }
  }
}
