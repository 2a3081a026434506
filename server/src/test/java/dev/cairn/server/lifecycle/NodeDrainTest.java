package dev.cairn.server.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

/**
 * Two WARs' counts in one MBean server, as on a node; the console's stand-in is a bean of the shape
 * the console registers (a class of its own, with {@code vouchesFor}), so the drain reads both by
 * name only.
 */
class NodeDrainTest {
  private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
  private final NodeDrain node = new NodeDrain(mbeans);
  private final InFlightRequests server = new InFlightRequests();
  private final Console console = new Console();

  /** The console's shape: the server WAR cannot load the console's class. */
  public interface ConsoleMXBean {
    int getInFlight();

    boolean isAccepting();

    void stopAccepting();

    boolean vouchesFor(String pass);
  }

  static final class Console implements ConsoleMXBean {
    int inFlight;
    boolean accepting = true;

    @Override
    public synchronized int getInFlight() {
      return inFlight;
    }

    @Override
    public synchronized boolean isAccepting() {
      return accepting;
    }

    @Override
    public synchronized void stopAccepting() {
      accepting = false;
    }

    @Override
    public synchronized boolean vouchesFor(String pass) {
      return "console-pass".equals(pass) && inFlight > 0;
    }

    synchronized void set(int count) {
      inFlight = count;
    }
  }

  NodeDrainTest() throws Exception {
    node.register("server", server);
    mbeans.registerMBean(console, NodeDrain.nameOf("console"));
  }

  @Test
  void stopAcceptingReachesEveryWarOfTheNode() {
    node.stopAccepting();

    assertThat(server.accepting()).isFalse();
    assertThat(console.isAccepting()).isFalse();
  }

  @Test
  void inFlightIsCountedPerWar() {
    server.tryStart();
    console.set(2);

    assertThat(node.inFlight()).containsEntry("server", 1).containsEntry("console", 2);
    assertThat(node.total()).isEqualTo(3);
  }

  @Test
  void awaitIdleWaitsForTheConsolesRequestsToo() throws Exception {
    console.set(1);
    CompletableFuture<Integer> left =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node.awaitIdle(Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThatThrownBy(() -> left.get(200, TimeUnit.MILLISECONDS))
        .as("still waiting for the console's request")
        .isInstanceOf(TimeoutException.class);

    console.set(0);

    assertThat(left.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void awaitIdleGivesUpAfterTheBoundAndSaysHowManyAreLeft() throws Exception {
    server.tryStart();
    console.set(1);

    assertThat(node.awaitIdle(Duration.ofMillis(50))).isEqualTo(2);
  }

  @Test
  void aWarThatIsGoneCountsAsIdle() throws Exception {
    console.set(1);
    mbeans.unregisterMBean(NodeDrain.nameOf("console"));

    assertThat(node.awaitIdle(Duration.ofSeconds(30))).isZero();
  }

  @Test
  void onlyAnotherWarWithARequestInFlightVouchesForItsPass() {
    assertThat(node.vouchedFor("console-pass", "server")).as("nothing in flight").isFalse();
    console.set(1);

    assertThat(node.vouchedFor("console-pass", "server")).isTrue();
    assertThat(node.vouchedFor("guessed", "server")).isFalse();
    assertThat(node.vouchedFor("", "server")).isFalse();
    assertThat(node.vouchedFor("console-pass", "console"))
        .as("a WAR never vouches for itself")
        .isFalse();
  }

  @Test
  void registeringAgainReplacesTheBeanAFormerDeploymentLeft() {
    InFlightRequests redeployed = new InFlightRequests();
    redeployed.tryStart();

    node.register("server", redeployed);

    assertThat(node.inFlight()).containsEntry("server", 1);
  }
}
