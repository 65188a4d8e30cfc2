package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * A decoder layer's input norm and query/key projections on their own, as parameters of a
 * {@link Weights} store ({@code <prefix>.ln1.g}, {@code .ln1.b}, {@code .qk.w} (2d, d),
 * {@code .qk.b} (2d)): the part of a layer that an RPN's last twig layer uses, without the value,
 * output and MLP parameters it never reads. Made by {@link PreNormLayer#copyQueriesAndKeysTo}.
 */
public final class QueryKeyProjection implements QueryKeySource {

  private final Weights weights;
  private final String prefix;
  private final int heads;

  QueryKeyProjection(Weights weights, String prefix, int heads) {
    this.weights = weights;
    this.prefix = prefix;
    this.heads = heads;
  }

  /** Names of its parameters in its store. */
  public static String[] parameterNames(String prefix) {
    return new String[] {prefix + ".ln1.g", prefix + ".ln1.b", prefix + ".qk.w", prefix + ".qk.b"};
  }

  @Override
  public NDList queriesAndKeys(NDArray x) {
    NDArray h = Ops.layerNorm(x, weights.get(prefix + ".ln1.g"), weights.get(prefix + ".ln1.b"));
    NDArray qk = Ops.linear(h, weights.get(prefix + ".qk.w"), weights.get(prefix + ".qk.b"));
    long b = qk.getShape().get(0);
    long t = qk.getShape().get(1);
    long headDim = qk.getShape().get(2) / 2 / heads;
    NDArray split = qk.reshape(new Shape(b, t, 2, heads, headDim)).transpose(2, 0, 3, 1, 4);
    return new NDList(split.get(0), split.get(1));
  }
}
