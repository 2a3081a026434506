package dev.cairn.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;

/**
 * Fetches an issuer's signing keys over the network. {@link HttpKeySetFetcher} is the one used in
 * production; tests use it too, against a local HTTP server. Implementations are thread-safe.
 */
public interface KeySetFetcher {
  /**
   * Reads the {@code jwks_uri} of {@code issuer}'s OpenID discovery document ({@code
   * <issuer>/.well-known/openid-configuration}).
   *
   * @throws IOException naming the issuer when the document cannot be read or has no {@code
   *     jwks_uri}
   */
  URI discoverJwksUri(String issuer) throws IOException;

  /**
   * Fetches the JSON Web Key Set at {@code jwksUri}.
   *
   * @throws IOException naming the URI when it cannot be read or is not a JWK set
   */
  JWKSet fetch(URI jwksUri) throws IOException;
}
