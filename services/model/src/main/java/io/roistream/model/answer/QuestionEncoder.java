package io.roistream.model.answer;

import io.roistream.model.data.Vocabulary;

/**
 * Turns a question in plain words into the backbone's token ids, refusing what it cannot answer:
 * an empty question, one longer than the text budget, or one without a single known word.
 */
public final class QuestionEncoder {

  private final Vocabulary vocabulary;
  private final int maxTokens;

  /**
   * An encoder for questions of at most {@code maxTokens} tokens (the backbone's text positions
   * minus the assistant tag and the answer's tokens).
   */
  public QuestionEncoder(Vocabulary vocabulary, int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("the text budget leaves no room for a question");
    }
    this.vocabulary = vocabulary;
    this.maxTokens = maxTokens;
  }

  /** The token ids of {@code question}; IllegalArgumentException naming the problem otherwise. */
  public int[] encode(String question) {
    int[] tokens = vocabulary.encode(question);
    if (tokens.length == 0) {
      throw new IllegalArgumentException("the question is empty");
    }
    if (tokens.length > maxTokens) {
      throw new IllegalArgumentException("the question has " + tokens.length
          + " tokens, at most " + maxTokens + " fit");
    }
    int unknown = vocabulary.id(Vocabulary.UNK);
    for (int t : tokens) {
      if (t != unknown) {
        return tokens;
      }
    }
    throw new IllegalArgumentException("no word of the question is in the vocabulary");
  }

  /** The answer text of generated token ids. */
  public String decode(int[] tokens) {
    return vocabulary.decode(tokens);
  }
}
