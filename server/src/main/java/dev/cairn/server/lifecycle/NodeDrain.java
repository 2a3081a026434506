package dev.cairn.server.lifecycle;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The in-flight requests of every WAR of this node, found in an {@link MBeanServer} by name ({@code
 * dev.cairn:type=InFlightRequests,war=<name>}, the shape of {@link InFlightRequestsMXBean}), so
 * that the drain after SIGTERM stops and waits for the console WAR's requests as well as the
 * server's although each WAR counts in its own class loader. Each WAR registers and unregisters its
 * own bean, so neither's lifecycle depends on the other's, and the request path stays a local
 * counter: the MBean server is only asked when the node drains or reports readiness. A bean that
 * goes away while the node drains (its WAR undeployed) counts as idle. Thread-safe.
 */
public final class NodeDrain {
  private static final Logger LOG = Logger.getLogger(NodeDrain.class.getName());
  private static final long POLL_MILLIS = 20;
  private static final ObjectName EVERY_WAR = name("dev.cairn:type=InFlightRequests,*");

  /** The request header by which the console vouches for a call made by its in-flight request. */
  public static final String PASS_HEADER = "X-Cairn-Drain-Pass";

  private final MBeanServer server;

  public NodeDrain(MBeanServer server) {
    this.server = server;
  }

  /** The name under which {@code war}'s in-flight requests are registered. */
  public static ObjectName nameOf(String war) {
    try {
      return new ObjectName("dev.cairn:type=InFlightRequests,war=" + war);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("war name `" + war + "` is not a valid JMX key value", e);
    }
  }

  /** Registers {@code requests} as {@code war}'s, replacing a bean a former deployment left. */
  public void register(String war, InFlightRequestsMXBean requests) {
    ObjectName name = nameOf(war);
    try {
      try {
        server.registerMBean(requests, name);
      } catch (InstanceAlreadyExistsException e) {
        server.unregisterMBean(name);
        server.registerMBean(requests, name);
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot register " + name + ": " + e.getMessage(), e);
    }
  }

  public void unregister(String war) {
    try {
      server.unregisterMBean(nameOf(war));
    } catch (InstanceNotFoundException e) {
      // already gone
    } catch (JMException e) {
      LOG.log(Level.WARNING, "cannot unregister " + nameOf(war), e);
    }
  }

  /** Every registered WAR refuses new requests from now on. */
  public void stopAccepting() {
    for (ObjectName name : names()) {
      try {
        server.invoke(name, "stopAccepting", new Object[0], new String[0]);
      } catch (InstanceNotFoundException e) {
        // undeployed meanwhile: it takes no requests anyway
      } catch (JMException e) {
        LOG.log(Level.WARNING, "cannot stop " + name + " accepting requests", e);
      }
    }
  }

  /** Requests in flight per WAR name, in name order. */
  public Map<String, Integer> inFlight() {
    Map<String, Integer> counts = new TreeMap<>();
    for (ObjectName name : names()) {
      try {
        counts.put(name.getKeyProperty("war"), (Integer) server.getAttribute(name, "InFlight"));
      } catch (InstanceNotFoundException e) {
        // undeployed meanwhile: nothing of it is in flight
      } catch (JMException | ClassCastException e) {
        LOG.log(Level.WARNING, "cannot read " + name + "'s requests in flight", e);
      }
    }
    return counts;
  }

  /** Requests in flight in every WAR together. */
  public int total() {
    return inFlight().values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Waits until no WAR has a request in flight or {@code bound} has passed. The beans are read
   * every {@value #POLL_MILLIS} ms: they live in other class loaders, so there is no condition to
   * wait on, and a drain's bound is seconds.
   *
   * @return the requests still in flight (0 when all finished)
   */
  public int awaitIdle(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int left = total();
    while (left > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(POLL_MILLIS);
      left = total();
    }
    return left;
  }

  /**
   * Whether a WAR of this node other than {@code self} vouches for {@code pass}, i.e. a request
   * carrying it is made by one of that WAR's requests in flight (operation {@code vouchesFor}).
   */
  public boolean vouchedFor(String pass, String self) {
    if (pass == null || pass.isEmpty()) {
      return false;
    }
    for (ObjectName name : names()) {
      if (self.equals(name.getKeyProperty("war"))) {
        continue;
      }
      try {
        Object vouched =
            server.invoke(
                name, "vouchesFor", new Object[] {pass}, new String[] {String.class.getName()});
        if (Boolean.TRUE.equals(vouched)) {
          return true;
        }
      } catch (JMException e) {
        // a WAR without passes, or gone meanwhile: it vouches for nothing
      }
    }
    return false;
  }

  private Set<ObjectName> names() {
    return server.queryNames(EVERY_WAR, null);
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
