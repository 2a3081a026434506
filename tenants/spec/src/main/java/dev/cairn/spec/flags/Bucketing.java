package dev.cairn.spec.flags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable percentage hash, the same in every language:
 *
 * <ol>
 *   <li>{@code input = flagKey + "." + salt + "." + value}, encoded as UTF-8 ({@code value} is the
 *       bucketing attribute's value as text; numbers in their shortest JSON form);
 *   <li>{@code h} = the first 4 bytes of SHA-256({@code input}) as an unsigned big-endian integer;
 *   <li>{@code bucket = floor(h * 100000 / 2^32)}, in {@code [0, 100000)} (thousandths of a
 *       percent).
 * </ol>
 *
 * A rollout serves the first variation whose cumulative weight exceeds the bucket, so a user in a
 * 10% rollout stays in it when it grows to 50%. The JSON test suite pins example buckets.
 */
public final class Bucketing {
  /** Buckets per rollout: weights are in thousandths of a percent. */
  public static final int BUCKETS = 100_000;

  /**
   * {@code MessageDigest.getInstance} looks the provider up each time; one per thread is reused.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Bucketing::sha256);

  private Bucketing() {}

  public static int bucket(String flagKey, String salt, String value) {
    byte[] digest =
        SHA256.get().digest((flagKey + "." + salt + "." + value).getBytes(StandardCharsets.UTF_8));
    long h =
        ((digest[0] & 0xFFL) << 24)
            | ((digest[1] & 0xFFL) << 16)
            | ((digest[2] & 0xFFL) << 8)
            | (digest[3] & 0xFFL);
    return (int) ((h * BUCKETS) >>> 32);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
