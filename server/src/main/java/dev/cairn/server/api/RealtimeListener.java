package dev.cairn.server.api;

import dev.cairn.server.realtime.grizzly.FrameFilter;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * With {@code cairn.realtime.upgrade-in-listener} (on by default), puts a {@link
 * RealtimeUpgradeFilter} into each HTTP listener of this Payara (Micro) process while the
 * application runs, so realtime upgrades are taken below the Servlet layer on the same port and URL
 * (plain and TLS listeners alike). Payara has no public hook for a listener filter; the listeners
 * are found through its Grizzly service ({@code GrizzlyService}'s network proxies, each a {@code
 * GenericGrizzlyListener} with its transport), read by reflection because those classes are Payara
 * internals. If they cannot be found the upgrade stays with {@link RealtimeEndpoint} (the Servlet
 * upgrade) and a warning says so.
 */
@WebListener
public class RealtimeListener implements ServletContextListener {
  private static final Logger LOG = Logger.getLogger(RealtimeListener.class.getName());

  @Inject RealtimeUpgrade upgrade;

  /**
   * Whether upgrades are taken in the listener (the default); off, every upgrade goes through the
   * Servlet layer ({@link RealtimeEndpoint}), which keeps ~20 KB more heap per idle connection.
   */
  @Inject
  @ConfigProperty(name = "cairn.realtime.upgrade-in-listener", defaultValue = "true")
  boolean enabled;

  private final List<FilterChain> installedIn = new ArrayList<>();
  private final List<RealtimeUpgradeFilter> installed = new ArrayList<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    if (!enabled) {
      return;
    }
    String contextPath = event.getServletContext().getContextPath();
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    List<FilterChain> chains;
    try {
      chains = listenerChains();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "the HTTP listeners were not found; realtime upgrades go through the Servlet layer",
          e);
      return;
    }
    for (FilterChain chain : chains) {
      int server = indexOf(chain, HttpServerFilter.class);
      int codec = indexOf(chain, HttpCodecFilter.class);
      if (server < 0 || codec < 0 || codec > server) {
        continue;
      }
      FilterChain upgraded =
          FilterChainBuilder.stateless()
              .addAll(new ArrayList<>(chain.subList(0, codec)))
              .add(new FrameFilter())
              .build();
      RealtimeUpgradeFilter filter =
          new RealtimeUpgradeFilter(upgrade, contextPath, upgraded, application);
      chain.add(server, filter);
      installedIn.add(chain);
      installed.add(filter);
      LOG.info(
          "realtime upgrades are taken below the Servlet layer by listener chain " + names(chain));
    }
    if (installed.isEmpty()) {
      LOG.warning("no HTTP listener chain found; realtime upgrades go through the Servlet layer");
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    for (int i = 0; i < installed.size(); i++) {
      installedIn.get(i).remove(installed.get(i));
    }
    installed.clear();
    installedIn.clear();
  }

  /** The filter chains of this process's Grizzly listeners. */
  private static List<FilterChain> listenerChains() throws ReflectiveOperationException {
    ClassLoader server = Grizzly.class.getClassLoader();
    Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, server);
    Class<?> service =
        Class.forName("com.sun.enterprise.v3.services.impl.GrizzlyService", true, server);
    Object grizzly = globals.getMethod("get", Class.class).invoke(null, service);
    if (grizzly == null) {
      throw new IllegalStateException("no GrizzlyService");
    }
    Field proxiesField = service.getDeclaredField("proxies");
    proxiesField.setAccessible(true);
    List<FilterChain> chains = new ArrayList<>();
    for (Object proxy : new ArrayList<>((Collection<?>) proxiesField.get(grizzly))) {
      Object listener = method(proxy.getClass(), "getUnderlyingListener").invoke(proxy);
      if (listener == null) {
        continue;
      }
      Method transportGetter = method(listener.getClass(), "getTransport");
      if (transportGetter == null) {
        continue;
      }
      Transport transport = (Transport) transportGetter.invoke(listener);
      Processor<?> processor = transport == null ? null : transport.getProcessor();
      if (processor instanceof FilterChain chain) {
        chains.add(chain);
      }
    }
    return chains;
  }

  private static Method method(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) {
          m.setAccessible(true);
          return m;
        }
      }
    }
    return null;
  }

  private static int indexOf(FilterChain chain, Class<? extends Filter> type) {
    for (int i = 0; i < chain.size(); i++) {
      if (type.isInstance(chain.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String names(FilterChain chain) {
    List<String> names = new ArrayList<>();
    for (Filter f : chain) {
      names.add(f.getClass().getSimpleName());
    }
    return names.toString();
  }
}
