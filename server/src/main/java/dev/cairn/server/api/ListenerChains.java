package dev.cairn.server.api;

import jakarta.servlet.ServletContextEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.Processor;
import org.glassfish.grizzly.Transport;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * Puts Cairn's filters into the HTTP listeners of this Payara (Micro) process, after Grizzly's HTTP
 * codec and before its HTTP server filter (so before Catalina), plain and TLS listeners alike.
 * Payara has no public hook for a listener filter; the listeners are found through its Grizzly
 * service ({@code GrizzlyService}'s network proxies, each a {@code GenericGrizzlyListener} with its
 * transport), read by reflection because those classes are Payara internals. Used by {@link
 * RealtimeListener} and {@link GraphQLListener}, each behind its setting.
 */
final class ListenerChains {
  private static final Logger LOG = Logger.getLogger(ListenerChains.class.getName());

  private final List<FilterChain> chains = new ArrayList<>();
  private final List<Filter> filters = new ArrayList<>();

  private ListenerChains() {}

  /** Where in a listener chain a filter goes. */
  enum Place {
    /**
     * Right after the HTTP codec, before any filter that acts on parsed requests (Grizzly's HTTP/2
     * filter, which takes h2c upgrades, the file cache, WebSocket).
     */
    AFTER_HTTP_CODEC,
    /** Last before the HTTP server filter, so after every other filter of the listener. */
    BEFORE_HTTP_SERVER
  }

  /** Makes the filter for one listener chain. */
  @FunctionalInterface
  interface FilterMaker {
    /**
     * @param chain the listener chain the filter goes into (not to be changed)
     * @param contextPath the application's context path ({@code ""} at the root)
     * @param application the application's class loader, for work done on listener threads
     * @return the filter, or null for none in this chain
     */
    Filter make(FilterChain chain, String contextPath, ClassLoader application);
  }

  /**
   * When {@code enabled}, inserts into each HTTP listener chain, at {@code place}, the filter
   * {@code make} gives for the application starting with {@code event}; call it from {@code
   * contextInitialized}, on the application's thread. If no chain is found, logs a warning that
   * {@code fallback} takes over.
   *
   * @param what what the filter does, for the log
   * @param fallback what answers instead when the listeners are not found, for the log
   * @return the installed filters (none when not enabled), to {@link #remove} when the application
   *     stops
   */
  static ListenerChains installIfEnabled(
      boolean enabled,
      ServletContextEvent event,
      Place place,
      String what,
      String fallback,
      FilterMaker make) {
    if (!enabled) {
      return new ListenerChains();
    }
    String contextPath = event.getServletContext().getContextPath();
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    return install(what, fallback, place, chain -> make.make(chain, contextPath, application));
  }

  /**
   * Inserts the filter {@code make} gives for each HTTP listener chain (null: none for that chain)
   * at {@code place}; if no chain is found, logs a warning that {@code fallback} takes over.
   *
   * @param what what the filter does, for the log
   * @param fallback what answers instead when the listeners are not found, for the log
   * @return the installed filters, to {@link #remove} when the application stops
   */
  private static ListenerChains install(
      String what, String fallback, Place place, Function<FilterChain, Filter> make) {
    ListenerChains installed = new ListenerChains();
    List<FilterChain> found;
    try {
      found = listenerChains();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "the HTTP listeners were not found; " + fallback, e);
      return installed;
    }
    for (FilterChain chain : found) {
      int server = indexOf(chain, HttpServerFilter.class);
      int codec = indexOf(chain, HttpCodecFilter.class);
      if (server < 0 || codec < 0 || codec > server) {
        continue;
      }
      Filter filter = make.apply(chain);
      if (filter == null) {
        continue;
      }
      chain.add(place == Place.AFTER_HTTP_CODEC ? codec + 1 : server, filter);
      installed.chains.add(chain);
      installed.filters.add(filter);
      LOG.info(what + " below the Servlet layer by listener chain " + names(chain));
    }
    if (installed.filters.isEmpty()) {
      LOG.warning("no HTTP listener chain found; " + fallback);
    }
    return installed;
  }

  /** How many listener chains got a filter. */
  int size() {
    return filters.size();
  }

  /** Takes the installed filters out of their chains again. */
  void remove() {
    for (int i = 0; i < filters.size(); i++) {
      chains.get(i).remove(filters.get(i));
    }
    filters.clear();
    chains.clear();
  }

  /** The index of the first filter of {@code type} in {@code chain}, or -1. */
  static int indexOf(FilterChain chain, Class<? extends Filter> type) {
    for (int i = 0; i < chain.size(); i++) {
      if (type.isInstance(chain.get(i))) {
        return i;
      }
    }
    return -1;
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

  private static String names(FilterChain chain) {
    List<String> names = new ArrayList<>();
    for (Filter f : chain) {
      names.add(f.getClass().getSimpleName());
    }
    return names.toString();
  }
}
