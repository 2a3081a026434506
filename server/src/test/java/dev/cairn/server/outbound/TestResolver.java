package dev.cairn.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DNS stand-in for tests (this machine has no outside DNS): names set with {@link #answer}
 * resolve to the given addresses, {@code localhost} to loopback, IP literals to themselves, and
 * every other name to a public documentation-free address ({@code 93.184.216.34}). A fake because
 * unit tests cannot change what real DNS answers; the real resolver is the JDK's.
 */
public final class TestResolver implements OutboundPolicy.Resolver {
  public static final String PUBLIC_ADDRESS = "93.184.216.34";

  private final Map<String, String[]> answers = new ConcurrentHashMap<>();

  /** Makes {@code host} resolve to {@code addresses} from now on. */
  public TestResolver answer(String host, String... addresses) {
    answers.put(host, addresses);
    return this;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String[] literal = answers.get(host);
    if (literal == null) {
      if (host.equals("localhost")) {
        literal = new String[] {"127.0.0.1"};
      } else if (host.contains(":") || host.matches("[0-9.]+")) {
        literal = new String[] {host};
      } else if (host.endsWith(".invalid")) {
        throw new UnknownHostException(host);
      } else {
        literal = new String[] {PUBLIC_ADDRESS};
      }
    }
    InetAddress[] out = new InetAddress[literal.length];
    for (int i = 0; i < literal.length; i++) {
      out[i] = InetAddress.getByName(literal[i]);
    }
    return out;
  }

  /** The production rules (https only, public addresses) on this resolver. */
  public static OutboundPolicy strictPolicy() {
    return new OutboundPolicy(false, java.util.List.of(), new TestResolver());
  }

  /** Rules that also allow http and loopback, for tests against local servers. */
  public static OutboundPolicy loopbackPolicy() {
    return new OutboundPolicy(true, java.util.List.of("127.0.0.0/8", "::1"), new TestResolver());
  }
}
