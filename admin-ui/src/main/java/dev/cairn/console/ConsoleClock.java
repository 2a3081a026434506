package dev.cairn.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The console's clock, one injectable bean so that time-dependent code can be tested. */
@ApplicationScoped
public class ConsoleClock {
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
