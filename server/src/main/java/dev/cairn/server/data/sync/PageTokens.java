package dev.cairn.server.data.sync;

import dev.cairn.server.data.DataException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * Opaque, tamper-proof {@code nextToken}s: {@code base64url(json) "." base64url(HMAC-SHA256)} with
 * a secret shared by every node. The JSON holds what the next page needs and what it is bound to
 * (tenant, model, query kind, filter hash, {@code lastSync}); {@link #open} refuses a token whose
 * signature does not verify. Thread-safe.
 */
public final class PageTokens {
  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private final byte[] secret;

  /**
   * @param secret at least 32 bytes, the same on every node
   */
  public PageTokens(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException(
          "the page-token secret has " + secret.length + " bytes; use at least 32 random bytes");
    }
    this.secret = secret.clone();
  }

  public String seal(Document content) {
    byte[] payload = content.toJson(JSON).getBytes(StandardCharsets.UTF_8);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(payload) + "." + b64.encodeToString(mac(payload));
  }

  /**
   * @throws DataException.InvalidInput when the token is malformed or its signature is wrong
   */
  public Document open(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw forged();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
      signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw forged();
    }
    if (!MessageDigest.isEqual(mac(payload), signature)) {
      throw forged();
    }
    try {
      return Document.parse(new String(payload, StandardCharsets.UTF_8));
    } catch (JsonParseException | BsonInvalidOperationException e) {
      throw forged();
    }
  }

  private static DataException.InvalidInput forged() {
    return new DataException.InvalidInput(
        "nextToken is not a token this server issued; pass the nextToken of the previous page unchanged");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** A stable hash of a filter, so a token can be bound to it whatever the key order. */
  public static String filterHash(Object filter) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(digest.digest(canonical(filter).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  // A hash input, not JSON for anyone to read: tokens already issued depend on its exact form.
  private static String canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach((k, v) -> out.append(quote(k)).append(':').append(canonical(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      list.forEach(v -> out.append(canonical(v)).append(','));
      return out.append(']').toString();
    }
    if (value instanceof String s) {
      return quote(s);
    }
    return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
