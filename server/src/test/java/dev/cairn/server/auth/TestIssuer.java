package dev.cairn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.server.TenantId;
import dev.cairn.server.tenancy.TrustedIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real OIDC issuer's key side for tests: RSA keys generated here, published as a JWKS (and a
 * discovery document) by a JDK HTTP server on a free local port, counting every JWKS request, and
 * minting tokens signed with the current key. {@link #rotate()} replaces the key, as an issuer does
 * when it rotates.
 */
final class TestIssuer implements AutoCloseable {
  static final String AUDIENCE = "cairn-app";

  private final HttpServer server;
  private final String issuer;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile RSAKey key;

  TestIssuer(String realm) throws IOException {
    key = newKey();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm;
    server.createContext(
        "/realms/" + realm + "/protocol/openid-connect/certs",
        exchange -> {
          jwksFetches.incrementAndGet();
          respond(exchange, new JWKSet(key.toPublicJWK()).toString());
        });
    server.createContext(
        "/realms/" + realm + "/.well-known/openid-configuration",
        exchange ->
            respond(
                exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}"));
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String issuer() {
    return issuer;
  }

  String jwksUri() {
    return issuer + "/protocol/openid-connect/certs";
  }

  RSAKey key() {
    return key;
  }

  int jwksFetches() {
    return jwksFetches.get();
  }

  void rotate() {
    key = newKey();
  }

  /** This issuer as tenant {@code tenant} trusts it: audience cairn-app, owner claim sub. */
  TrustedIssuer trustedBy(TenantId tenant) {
    return new TrustedIssuer(tenant, issuer, AUDIENCE, jwksUri(), "sub", "groups", true);
  }

  /** The same, but with the JWKS URI left to discovery. */
  TrustedIssuer trustedByDiscovery(TenantId tenant) {
    return new TrustedIssuer(tenant, issuer, AUDIENCE, null, "sub", "groups", false);
  }

  /** Valid claims for {@code now}: iss, aud, sub alice, 5 minutes of life, groups [editors]. */
  JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(AUDIENCE)
        .subject("u-alice")
        .claim("preferred_username", "alice")
        .claim("groups", List.of("editors"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
  }

  String token(Instant now) {
    return sign(claims(now).build());
  }

  String token(Instant now, Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b = claims(now);
    change.accept(b);
    return sign(b.build());
  }

  String sign(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  static String sign(JWTClaimsSet claims, RSAKey with) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(with.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
