package dev.cairn.server.api;

import dev.cairn.server.realtime.grizzly.FrameFilter;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;

/**
 * With {@code cairn.realtime.upgrade-in-listener} (on by default), puts a {@link
 * RealtimeUpgradeFilter} into each HTTP listener of this Payara (Micro) process while the
 * application runs ({@link ListenerChains}), so realtime upgrades are taken below the Servlet layer
 * on the same port and URL (plain and TLS listeners alike). If the listeners cannot be found the
 * upgrade stays with {@link RealtimeEndpoint} (the Servlet upgrade) and a warning says so.
 */
@WebListener
public class RealtimeListener implements ServletContextListener {
  @Inject RealtimeUpgrade upgrade;

  /**
   * Whether upgrades are taken in the listener (the default); off, every upgrade goes through the
   * Servlet layer ({@link RealtimeEndpoint}), which keeps ~20 KB more heap per idle connection.
   */
  @Inject
  @ConfigProperty(name = "cairn.realtime.upgrade-in-listener", defaultValue = "true")
  boolean enabled;

  private ListenerChains installed;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    installed =
        ListenerChains.installIfEnabled(
            enabled,
            event,
            ListenerChains.Place.BEFORE_HTTP_SERVER,
            "realtime upgrades are taken",
            "realtime upgrades go through the Servlet layer",
            (chain, contextPath, application) -> {
              int codec = ListenerChains.indexOf(chain, HttpCodecFilter.class);
              List<Filter> below = new ArrayList<>(chain.subList(0, codec));
              FilterChain upgraded =
                  FilterChainBuilder.stateless().addAll(below).add(new FrameFilter()).build();
              return new RealtimeUpgradeFilter(
                  upgrade, contextPath, upgraded, writesUnchanged(below), application);
            });
  }

  /**
   * Whether the filters below the HTTP codec leave written bytes as they are (the transport and the
   * idle timeout, which upgraded connections do not use; not TLS), so that frames may go straight
   * to the transport's write queue rather than through the chain, a third of a send thread's time.
   */
  static boolean writesUnchanged(List<Filter> below) {
    return below.stream()
        .allMatch(f -> f instanceof TransportFilter || f instanceof IdleTimeoutFilter);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (installed != null) {
      installed.remove();
    }
  }
}
