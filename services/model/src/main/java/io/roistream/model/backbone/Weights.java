package io.roistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Named float32 parameters of a model, owned by one {@link NDManager}. Initialisation is seeded,
 * and the binary format ({@code RSW1}: name, shape and little-endian floats per tensor, in
 * insertion order) is stable, so equal weights give equal files and equal sha256 digests.
 */
public final class Weights implements AutoCloseable {

  private static final int MAGIC = 0x52535731; // "RSW1"

  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();

  /** Creates an empty store whose arrays live in a child of {@code parent}. */
  public Weights(NDManager parent) {
    this.manager = parent.newSubManager();
  }

  /** The manager owning every parameter. */
  public NDManager manager() {
    return manager;
  }

  /** Adds a parameter drawn from N(0, std) with a seeded generator. */
  public NDArray normal(String name, Random random, float std, long... shape) {
    float[] values = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return put(name, manager.create(values, new Shape(shape)));
  }

  /** Adds a parameter filled with {@code value}. */
  public NDArray constant(String name, float value, long... shape) {
    return put(name, manager.full(new Shape(shape), value, DataType.FLOAT32));
  }

  /** Adds (or replaces) a parameter; the array is moved into this store's manager. */
  public NDArray put(String name, NDArray array) {
    array.attach(manager);
    array.setName(name);
    NDArray old = arrays.put(name, array);
    if (old != null && old != array) {
      old.close();
    }
    return array;
  }

  /** The parameter called {@code name}. */
  public NDArray get(String name) {
    NDArray array = arrays.get(name);
    if (array == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return array;
  }

  /** All parameters in insertion order (read-only view). */
  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(arrays);
  }

  /** Total number of scalar parameters. */
  public long count() {
    return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Writes every parameter to {@code file}. */
  public void save(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp)) {
      write(raw);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes every parameter to a stream. */
  public void write(OutputStream raw) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
    out.writeInt(MAGIC);
    out.writeInt(arrays.size());
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      out.writeUTF(e.getKey());
      long[] shape = e.getValue().getShape().getShape();
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
      float[] values = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();
      ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(values);
      out.write(buffer.array());
    }
    out.flush();
  }

  /**
   * Replaces the values of parameters present in the stream; every parameter of this store must
   * be present with the same shape unless {@code partial} is set, which also lets a parameter
   * whose first dimension grew (a vocabulary extended at its end) take the file's rows as its
   * leading rows.
   */
  public void read(InputStream raw, boolean partial) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a roistream weights file");
    }
    int n = in.readInt();
    int matched = 0;
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      long[] shape = new long[in.readInt()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.readLong();
      }
      int size = (int) new Shape(shape).size();
      byte[] bytes = new byte[size * 4];
      in.readFully(bytes);
      NDArray current = arrays.get(name);
      if (current == null) {
        if (partial) {
          continue;
        }
        throw new IOException("unexpected parameter " + name);
      }
      float[] values = new float[size];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      if (partial && grewAlongFirstAxis(current.getShape(), shape)) {
        // a vocabulary that grew at its end: the file's rows are the leading ones, the new rows
        // keep their initial values
        try (NDArray leading = manager.create(values, new Shape(shape))) {
          current.set(new NDIndex("0:" + shape[0]), leading);
        }
        matched++;
        continue;
      }
      if (!current.getShape().equals(new Shape(shape))) {
        throw new IOException("shape mismatch for " + name + ": file " + new Shape(shape)
            + ", model " + current.getShape());
      }
      current.set(values);
      matched++;
    }
    if (!partial && matched != arrays.size()) {
      throw new IOException("file has " + matched + " of " + arrays.size() + " parameters");
    }
  }

  private static boolean grewAlongFirstAxis(Shape current, long[] file) {
    if (current.dimension() != file.length || file.length == 0 || file[0] >= current.get(0)) {
      return false;
    }
    for (int d = 1; d < file.length; d++) {
      if (current.get(d) != file[d]) {
        return false;
      }
    }
    return true;
  }

  /** Reads parameters from a file (see {@link #read(InputStream, boolean)}). */
  public void load(Path file, boolean partial) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      read(in, partial);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
