package dev.cairn.spec.flags;

import java.util.List;
import java.util.stream.Collectors;

/** A flags document that cannot be used; {@link #problems()} lists every problem found. */
public class FlagSpecException extends IllegalArgumentException {
  private final List<FlagProblem> problems;

  public FlagSpecException(List<FlagProblem> problems) {
    super(problems.stream().map(FlagProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<FlagProblem> problems() {
    return problems;
  }
}
