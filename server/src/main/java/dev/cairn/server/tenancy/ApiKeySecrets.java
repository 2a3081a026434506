package dev.cairn.server.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How API keys look and are stored: {@code cairn_} followed by 256 random bits in base64url; stored
 * as the SHA-256 hex of the whole key. A plain hash (no salt, no stretching) is right here because
 * the key has full entropy: guessing is hopeless either way, and lookup by hash stays one index
 * probe.
 */
public final class ApiKeySecrets {
  static final String PREFIX = "cairn_";
  private static final int SHOWN_CHARS = PREFIX.length() + 6;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecrets() {}

  /** A new random key in plaintext. */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Every request with an API key hashes it: a clone of this digest skips the provider look-up of
   * {@link MessageDigest#getInstance}, half of the hash's CPU (JFR of SyncBench, issue 18).
   */
  private static final MessageDigest SHA_256 = sha256();

  /** The stored form of {@code key}: 64 lower-case hex characters. */
  public static String hash(String key) {
    return HexFormat.of().formatHex(digest().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** A fresh SHA-256 digest. */
  private static MessageDigest digest() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The part of {@code key} shown in listings so that humans can tell keys apart. */
  static String shownPrefix(String key) {
    return key.substring(0, Math.min(SHOWN_CHARS, key.length()));
  }
}
