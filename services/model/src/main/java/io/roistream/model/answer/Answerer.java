package io.roistream.model.answer;

import java.util.List;

/** Answers a batch of queries; one answer per query, in order. */
public interface Answerer {

  /** The answers of {@code batch}. */
  List<Answer> answer(List<Query> batch);
}
