package dev.cairn.console.lifecycle;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Puts the console's {@link ConsoleRequests} where the node's drain finds them: the platform MBean
 * server, as {@code dev.cairn:type=InFlightRequests,war=console}, from the console's start until it
 * is undeployed. The server WAR takes SIGTERM; its drain stops the console accepting requests and
 * waits for those in flight as for its own. A console deployed without the server WAR in its JVM is
 * not drained (nothing there takes SIGTERM).
 */
@ApplicationScoped
public class ConsoleDrain {
  private static final Logger LOG = Logger.getLogger(ConsoleDrain.class.getName());

  /** The header the server WAR reads a pass from (its {@code NodeDrain.PASS_HEADER}). */
  public static final String PASS_HEADER = "X-Cairn-Drain-Pass";

  private final ConsoleRequests requests = new ConsoleRequests();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final ObjectName name = name();

  void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
    try {
      try {
        server.registerMBean(requests, name);
      } catch (InstanceAlreadyExistsException e) { // a former deployment's, left behind
        server.unregisterMBean(name);
        server.registerMBean(requests, name);
      }
    } catch (JMException e) {
      throw new IllegalStateException("cannot register " + name + ": " + e.getMessage(), e);
    }
  }

  public ConsoleRequests requests() {
    return requests;
  }

  @PreDestroy
  void stop() {
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // never registered
    } catch (JMException e) {
      LOG.log(Level.WARNING, "cannot unregister " + name, e);
    }
  }

  private static ObjectName name() {
    try {
      return new ObjectName("dev.cairn:type=InFlightRequests,war=console");
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }
}
