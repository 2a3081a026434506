package dev.cairn.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Map;

/**
 * Fetches discovery documents and JWK sets over HTTP(S) with short timeouts (2 s connect, 5 s read)
 * and a 512 KiB size limit, so a slow or hostile issuer cannot hold request threads for long.
 * Thread-safe.
 */
public final class HttpKeySetFetcher implements KeySetFetcher {
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 5_000;
  private static final int SIZE_LIMIT_BYTES = 512 * 1024;

  private final ResourceRetriever retriever =
      new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT_BYTES);

  @Override
  public URI discoverJwksUri(String issuer) throws IOException {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    URL url = toUrl(base + "/.well-known/openid-configuration");
    try {
      Map<String, Object> document =
          JSONObjectUtils.parse(retriever.retrieveResource(url).getContent());
      String jwksUri = JSONObjectUtils.getString(document, "jwks_uri");
      if (jwksUri == null) {
        throw new IOException("the discovery document " + url + " has no `jwks_uri`");
      }
      return URI.create(jwksUri);
    } catch (ParseException | IllegalArgumentException e) {
      throw new IOException(
          "the discovery document " + url + " is not valid: " + e.getMessage(), e);
    }
  }

  @Override
  public JWKSet fetch(URI jwksUri) throws IOException {
    URL url = toUrl(jwksUri.toString());
    try {
      return JWKSet.parse(retriever.retrieveResource(url).getContent());
    } catch (ParseException e) {
      throw new IOException("the JWK set at " + url + " is not valid: " + e.getMessage(), e);
    }
  }

  private static URL toUrl(String url) throws IOException {
    try {
      return URI.create(url).toURL();
    } catch (IllegalArgumentException | java.net.MalformedURLException e) {
      throw new IOException("`" + url + "` is not a valid URL", e);
    }
  }
}
