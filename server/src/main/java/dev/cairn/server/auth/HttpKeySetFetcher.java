package dev.cairn.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.cairn.server.outbound.OutboundHttp;
import dev.cairn.server.outbound.OutboundPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

/**
 * Fetches discovery documents and JWK sets through {@link OutboundHttp}: only URLs the {@link
 * OutboundPolicy} allows (https to public addresses, or the operator's allowlist; a {@code
 * jwks_uri} found through discovery is checked like a configured one), no redirects, short timeouts
 * (2 s connect, 5 s for the whole call) and a 512 KiB size limit, so a slow or hostile issuer
 * cannot hold request threads for long nor make Cairn call into private networks. Thread-safe.
 */
public final class HttpKeySetFetcher implements KeySetFetcher {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final int SIZE_LIMIT_BYTES = 512 * 1024;
  private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

  private final OutboundHttp http;

  public HttpKeySetFetcher(OutboundPolicy policy) {
    this.http = new OutboundHttp(policy, CONNECT_TIMEOUT, DEADLINE, SIZE_LIMIT_BYTES);
  }

  @Override
  public URI discoverJwksUri(String issuer) throws IOException {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URI url = toUri(base + "/.well-known/openid-configuration");
    try {
      Map<String, Object> document = JSONObjectUtils.parse(read(url));
      String jwksUri = JSONObjectUtils.getString(document, "jwks_uri");
      if (jwksUri == null) {
        throw new IOException("the discovery document " + url + " has no `jwks_uri`");
      }
      return toUri(jwksUri);
    } catch (ParseException e) {
      throw new IOException(
          "the discovery document " + url + " is not valid: " + e.getMessage(), e);
    }
  }

  @Override
  public JWKSet fetch(URI jwksUri) throws IOException {
    try {
      return JWKSet.parse(read(jwksUri));
    } catch (ParseException e) {
      throw new IOException("the JWK set at " + jwksUri + " is not valid: " + e.getMessage(), e);
    }
  }

  private String read(URI url) throws IOException {
    OutboundHttp.Response response = http.get(url, ACCEPT_JSON);
    if (response.status() != 200) {
      throw new IOException(url + " answered HTTP " + response.status());
    }
    return response.text();
  }

  private static URI toUri(String url) throws IOException {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IOException("`" + url + "` is not a valid URL", e);
    }
  }
}
