package dev.cairn.server.api;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code cairn.graphql.in-listener} (on by default), puts a {@link GraphQLListenerFilter} into
 * each HTTP listener of this Payara (Micro) process while the application runs ({@link
 * ListenerChains}), so {@code POST /t/{tenant}/graphql} (and its CORS preflight) is answered below
 * the Servlet layer on the same port and URL, plain and TLS listeners alike, by the same {@link
 * GraphQLRequests} as {@link GraphQLServlet}; measured 234 to 174 µs of request-thread CPU per
 * mutation on a quiet machine. What the listener does not take ({@link ListenerRoute}: HTTP/2,
 * other methods, encoded paths) goes through the Servlet layer, and so does every request if the
 * listeners cannot be found (a warning says so).
 */
@WebListener
public class GraphQLListener implements ServletContextListener {
  @Inject ListenerAnswers answers;

  /**
   * Whether GraphQL requests are answered in the listener (the default); off, each goes through the
   * Servlet container ({@link GraphQLServlet} and the filters before it), as it did before.
   */
  @Inject
  @ConfigProperty(name = "cairn.graphql.in-listener", defaultValue = "true")
  boolean enabled;

  private ListenerChains installed;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ListenerAnswers direct = enabled ? answers.prepare().bean() : answers;
    installed =
        ListenerChains.installIfEnabled(
            enabled,
            event,
            ListenerChains.Place.AFTER_HTTP_CODEC,
            "GraphQL requests are answered",
            "GraphQL requests go through the Servlet layer",
            (chain, contextPath, application) ->
                new GraphQLListenerFilter(direct, contextPath, application));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (installed != null) {
      installed.remove();
    }
  }
}
