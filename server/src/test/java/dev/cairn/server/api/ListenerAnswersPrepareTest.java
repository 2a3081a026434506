package dev.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.Unproxied;
import dev.cairn.server.auth.AppAuthenticator;
import dev.cairn.server.figures.TrafficFigures;
import dev.cairn.server.graphql.RequestRates;
import dev.cairn.server.graphql.TenantApis;
import dev.cairn.server.lifecycle.GracefulShutdown;
import dev.cairn.server.observability.GraphQLTracing;
import dev.cairn.server.observability.LogFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link ListenerAnswers#prepare} swaps each bean a request calls for what that bean's {@code
 * instance()} holds. Here stand-ins play the client proxies (their {@code instance()} answers
 * another object, as a proxy answers the contextual instance behind it): CDI itself runs in the
 * ITs.
 */
class ListenerAnswersPrepareTest {
  private final GraphQLTracing tracing = new GraphQLTracing();
  private final AtomicBoolean tracingPrepared = new AtomicBoolean();
  private final AppAuthenticator authenticator = new AppAuthenticator() {};
  private final TenantApis apis = new TenantApis();
  private final RequestRates rates = new RequestRates() {};
  private final GracefulShutdown shutdown = new GracefulShutdown();
  private final TrafficFigures figures = new TrafficFigures() {};
  private final LogFormat format = new LogFormat();

  @Test
  void prepareGivesTheBeansThemselvesInsteadOfTheirProxies() {
    GraphQLRequests requestsBean = new GraphQLRequests();
    requestsBean.tracing =
        new GraphQLTracing() {
          @Override
          public void prepare() {
            tracingPrepared.set(true);
          }

          @Override
          public Unproxied<GraphQLTracing> instance() {
            return new Unproxied<>(tracing);
          }
        };
    requestsBean.authenticator =
        new AppAuthenticator() {
          @Override
          public Unproxied<AppAuthenticator> instance() {
            return new Unproxied<>(authenticator);
          }
        };
    requestsBean.apis =
        new TenantApis() {
          @Override
          public Unproxied<TenantApis> instance() {
            return new Unproxied<>(apis);
          }
        };
    requestsBean.rates =
        new RequestRates() {
          @Override
          public Unproxied<RequestRates> instance() {
            return new Unproxied<>(rates);
          }
        };
    ListenerAnswers answersBean = new ListenerAnswers();
    answersBean.requests = requestsBean;
    answersBean.shutdown =
        new GracefulShutdown() {
          @Override
          public Unproxied<GracefulShutdown> instance() {
            return new Unproxied<>(shutdown);
          }
        };
    answersBean.figures =
        new TrafficFigures() {
          @Override
          public Unproxied<TrafficFigures> instance() {
            return new Unproxied<>(figures);
          }
        };
    answersBean.format =
        new LogFormat() {
          @Override
          public Unproxied<LogFormat> instance() {
            return new Unproxied<>(format);
          }
        };

    assertThat(answersBean.prepare().bean()).isSameAs(answersBean);

    assertThat(tracingPrepared).isTrue();
    assertThat(answersBean.requests).isSameAs(requestsBean);
    assertThat(answersBean.shutdown).isSameAs(shutdown);
    assertThat(answersBean.figures).isSameAs(figures);
    assertThat(answersBean.format).isSameAs(format);
    assertThat(requestsBean.tracing).isSameAs(tracing);
    assertThat(requestsBean.authenticator).isSameAs(authenticator);
    assertThat(requestsBean.apis).isSameAs(apis);
    assertThat(requestsBean.rates).isSameAs(rates);
  }

  @Test
  void aBeanIsItsOwnInstance() {
    assertThat(tracing.instance().bean()).isSameAs(tracing);
    assertThat(authenticator.instance().bean()).isSameAs(authenticator);
    assertThat(apis.instance().bean()).isSameAs(apis);
    assertThat(rates.instance().bean()).isSameAs(rates);
    assertThat(shutdown.instance().bean()).isSameAs(shutdown);
    assertThat(figures.instance().bean()).isSameAs(figures);
    assertThat(format.instance().bean()).isSameAs(format);
  }
}
