package dev.cairn.server.data.conflict;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every conflict webhook call, so a webhook can tell Cairn's calls from anyone
 * else's without a secret in its URL: header {@value #HEADER} {@code t=<unix seconds>,v1=<hex>}
 * where {@code v1} is HMAC-SHA256, keyed with the tenant's webhook secret (UTF-8 bytes), over
 * {@code "<t>.<raw request body>"}. A receiver recomputes it, compares in constant time and refuses
 * a {@code t} more than {@link #TOLERANCE_SECONDS} s from its own clock (replay). The same scheme
 * as the large webhook providers use; the README shows a receiver's check.
 */
public final class WebhookSignature {
  public static final String HEADER = "Cairn-Signature";

  /** How far a receiver should let {@code t} be from its clock. */
  public static final long TOLERANCE_SECONDS = 300;

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code at}. */
  public static String sign(String secret, Instant at, byte[] body) {
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t, body));
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} made within {@link
   * #TOLERANCE_SECONDS} of {@code now} — what a receiver checks.
   */
  public static boolean verify(String secret, String header, byte[] body, Instant now) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String p = part.strip();
      if (p.startsWith("t=")) {
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null || Math.abs(now.getEpochSecond() - t) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected =
        HexFormat.of().formatHex(hmac(secret, t, body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
