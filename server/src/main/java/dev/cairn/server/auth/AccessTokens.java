package dev.cairn.server.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells access tokens from ID tokens. Only access tokens are API credentials: an ID token is meant
 * for the client that asked for the login and may be handed to third parties (e.g. to show who is
 * signed in), so accepting it would let anyone who saw one call the API as that user.
 *
 * <p>A token is taken for an ID token when any issuer convention says so: Keycloak's {@code typ}
 * claim {@code ID}, Cognito's {@code token_use} {@code id}, a JOSE header {@code typ} other than
 * {@code JWT} or {@code at+jwt} (RFC 9068), or an {@code at_hash} claim (only ID tokens carry one,
 * OpenID Connect Core §3.1.3.6).
 */
final class AccessTokens {
  private static final Set<String> ACCESS_HEADER_TYPES =
      Set.of("jwt", "at+jwt", "application/at+jwt");

  private AccessTokens() {}

  /** Why the token is not an access token, or empty when it is one. */
  static Optional<String> whyNotAnAccessToken(JWSHeader header, JWTClaimsSet claims) {
    JOSEObjectType type = header.getType();
    if (type != null && !ACCESS_HEADER_TYPES.contains(type.getType().toLowerCase(Locale.ROOT))) {
      return Optional.of("the token's header type is `" + type + "`, not an access token's");
    }
    return whyNotAnAccessToken(claims);
  }

  /** Why the claims are not an access token's, or empty when they are. */
  static Optional<String> whyNotAnAccessToken(JWTClaimsSet claims) {
    Object typ = claims.getClaim("typ");
    if (typ instanceof String t && !t.equalsIgnoreCase("Bearer")) {
      return Optional.of("the token is of type `" + t + "` (an ID token?); send an access token");
    }
    Object use = claims.getClaim("token_use");
    if (use instanceof String u && !u.equalsIgnoreCase("access")) {
      return Optional.of("the token's token_use is `" + u + "`; send an access token");
    }
    if (claims.getClaim("at_hash") != null) {
      return Optional.of("the token carries `at_hash`, so it is an ID token; send an access token");
    }
    return Optional.empty();
  }
}
