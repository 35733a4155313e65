package org.rnnt4j.engine;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.rnnt4j.util.Checks;

/**
 * rnnt4j's tensor handle: a thin, typed facade over a libtorch tensor exposing only the operations the
 * project's math uses. Every operation returns a new handle whose native memory belongs to the innermost
 * open {@link TensorScope} (or to the garbage collector outside any scope), so a training step that runs
 * inside a scope releases all its temporaries when the scope closes.
 *
 * <p>Shapes in the javadoc use the project legend: B batch, T frames, U target length, V vocabulary incl.
 * blank, D features, H hidden.
 */
public final class Tensor {
  final org.bytedeco.pytorch.Tensor t;

  Tensor(org.bytedeco.pytorch.Tensor t) {
    this.t = t;
  }

  // ---------------------------------------------------------------- creation

  /** A float32 CPU tensor with the given values (row-major) and shape. */
  public static Tensor of(float[] values, long... shape) {
    org.bytedeco.pytorch.Tensor r = emptyFor(values.length, DType.FLOAT32, shape);
    if (values.length > 0) {
      r.data_ptr_float().put(values);
    }
    return new Tensor(r);
  }

  /** A float64 CPU tensor with the given values (row-major) and shape. */
  public static Tensor ofDoubles(double[] values, long... shape) {
    org.bytedeco.pytorch.Tensor r = emptyFor(values.length, DType.FLOAT64, shape);
    if (values.length > 0) {
      r.data_ptr_double().put(values);
    }
    return new Tensor(r);
  }

  /** An int64 CPU tensor with the given values (row-major) and shape. */
  public static Tensor ofLongs(long[] values, long... shape) {
    org.bytedeco.pytorch.Tensor r = emptyFor(values.length, DType.INT64, shape);
    if (values.length > 0) {
      r.data_ptr_long().put(values);
    }
    return new Tensor(r);
  }

  /** A uint8 CPU tensor with the given values (row-major; bytes read as unsigned) and shape. */
  public static Tensor ofBytes(byte[] values, long... shape) {
    org.bytedeco.pytorch.Tensor r = emptyFor(values.length, DType.UINT8, shape);
    if (values.length > 0) {
      r.data_ptr_byte().put(values);
    }
    return new Tensor(r);
  }

  private static org.bytedeco.pytorch.Tensor emptyFor(int count, DType dtype, long[] shape) {
    Engine.init();
    Checks.argument(numel(shape) == count, "%d values do not fill shape %s", count, Arrays.toString(shape));
    return torch.empty(shape, options(dtype), null);
  }

  public static Tensor scalar(float value) {
    return of(new float[] {value});
  }

  public static Tensor zeros(DType dtype, long... shape) {
    Engine.init();
    return new Tensor(torch.zeros(shape, options(dtype)));
  }

  /**
   * An uninitialised tensor, for outputs a kernel overwrites completely (the RNN-T loss's gradient):
   * it skips the zero-fill pass, which at the logits' size costs as much as a sweep of the loss.
   */
  public static Tensor empty(DType dtype, long... shape) {
    Engine.init();
    return new Tensor(torch.empty(shape, options(dtype), null));
  }

  public static Tensor ones(DType dtype, long... shape) {
    Engine.init();
    return new Tensor(torch.ones(shape, options(dtype)));
  }

  public static Tensor full(double value, DType dtype, long... shape) {
    return zeros(dtype, shape).fill(value);
  }

  /** 0, 1, ..., n-1 as int64. */
  public static Tensor arange(long n) {
    Engine.init();
    return new Tensor(torch.arange(new Scalar(n), options(DType.INT64)));
  }

  /** 0, 1, ..., n-1 as int64 on {@code device} (made there: no host copy). */
  public static Tensor arange(long n, Device device) {
    Engine.init();
    return new Tensor(torch.arange(new Scalar(n), options(DType.INT64).device(new org.bytedeco.pytorch.DeviceOptional(device.toNative()))));
  }

  /**
   * {@code steps} evenly spaced float32 values from {@code start} to {@code end} on the CPU, computed as
   * {@code torch.linspace(start, end, steps, dtype=torch.float32)} computes them (in float32, from both
   * ends towards the middle), so that tables derived from it match PyTorch's bit for bit.
   */
  public static Tensor linspace(double start, double end, long steps) {
    Engine.init();
    return new Tensor(torch.linspace(new Scalar(start), new Scalar(end), steps, options(DType.FLOAT32)));
  }

  /** A tensor of {@code shape} filled with {@code value}, of {@code dtype}, on this tensor's device. */
  public Tensor newFull(double value, DType dtype, long... shape) {
    return new Tensor(t.new_full(shape, new Scalar(value), options(dtype)));
  }

  /** An uninitialised tensor of {@code shape} with this tensor's dtype and device. */
  public Tensor newEmpty(long... shape) {
    return new Tensor(t.new_empty(shape));
  }

  /** Standard normal samples from libtorch's default generator (seeded by {@link Engine#seed}). */
  public static Tensor randn(long... shape) {
    Engine.init();
    return new Tensor(torch.randn(shape, options(DType.FLOAT32)));
  }

  /** Uniform samples in [0, 1) from libtorch's default generator. */
  public static Tensor rand(long... shape) {
    Engine.init();
    return new Tensor(torch.rand(shape, options(DType.FLOAT32)));
  }

  public static Tensor cat(List<Tensor> parts, long dim) {
    TensorVector v = new TensorVector(parts.stream().map(p -> p.t).toArray(org.bytedeco.pytorch.Tensor[]::new));
    return new Tensor(torch.cat(v, dim));
  }

  public static Tensor stack(List<Tensor> parts, long dim) {
    TensorVector v = new TensorVector(parts.stream().map(p -> p.t).toArray(org.bytedeco.pytorch.Tensor[]::new));
    return new Tensor(torch.stack(v, dim));
  }

  static TensorOptions options(DType dtype) {
    return new TensorOptions().dtype(new ScalarTypeOptional(dtype.nativeType));
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  // ---------------------------------------------------------------- metadata and data access

  public long[] shape() {
    org.bytedeco.pytorch.LongArrayRef sizes = t.sizes();
    long[] out = new long[(int) t.dim()];
    for (int i = 0; i < out.length; i++) {
      out[i] = sizes.get(i);
    }
    return out;
  }

  public long size(int dim) {
    return t.size(dim < 0 ? dim + t.dim() : dim);
  }

  public int dim() {
    return (int) t.dim();
  }

  public long numel() {
    return t.numel();
  }

  public DType dtype() {
    return DType.of(t.scalar_type());
  }

  public Device device() {
    return t.is_cuda() ? Device.cuda(t.device().index()) : Device.CPU;
  }

  public String shapeString() {
    return Arrays.toString(shape());
  }

  /** All values as float32 on the CPU (copies). */
  public float[] toFloatArray() {
    countRead();
    org.bytedeco.pytorch.Tensor c = t.detach().to(torch.ScalarType.Float).cpu().contiguous();
    float[] out = new float[(int) c.numel()];
    if (out.length > 0) {
      c.data_ptr_float().get(out);
    }
    return out;
  }

  /** All values as float64 on the CPU (copies). */
  public double[] toDoubleArray() {
    countRead();
    org.bytedeco.pytorch.Tensor c = t.detach().to(torch.ScalarType.Double).cpu().contiguous();
    double[] out = new double[(int) c.numel()];
    if (out.length > 0) {
      c.data_ptr_double().get(out);
    }
    return out;
  }

  /** All values as int64 on the CPU (copies). */
  public long[] toLongArray() {
    countRead();
    org.bytedeco.pytorch.Tensor c = t.detach().to(torch.ScalarType.Long).cpu().contiguous();
    long[] out = new long[(int) c.numel()];
    if (out.length > 0) {
      c.data_ptr_long().get(out);
    }
    return out;
  }

  /** All values of this uint8 tensor on the CPU (copies), each byte the unsigned value's bits. */
  public byte[] toByteArray() {
    Checks.argument(dtype() == DType.UINT8, "toByteArray() needs a uint8 tensor, got %s", dtype());
    countRead();
    org.bytedeco.pytorch.Tensor c = t.detach().cpu().contiguous();
    byte[] out = new byte[(int) c.numel()];
    if (out.length > 0) {
      c.data_ptr_byte().get(out);
    }
    return out;
  }

  /** Bytes of this tensor's elements (numel times the element size), as {@code Tensor.nbytes()}. */
  public long nbytes() {
    return t.nbytes();
  }

  /** The single value of a one-element tensor. */
  public double item() {
    Checks.argument(numel() == 1, "item() needs one element, tensor has shape %s", shapeString());
    countRead();
    return t.item_double();
  }

  private void countRead() {
    if (t.is_cuda()) {
      DeviceCounters.deviceToHost();
    }
  }

  private void countMove(Device target) {
    if (target.isCuda() && !t.is_cuda()) {
      DeviceCounters.hostToDevice();
    } else if (!target.isCuda() && t.is_cuda()) {
      DeviceCounters.deviceToHost();
    }
  }

  /**
   * A view of this contiguous float32 CPU tensor's memory, valid while this handle lives. For kernels
   * written in Java (the RNN-T loss) that read or write libtorch memory without copying.
   */
  public FloatBuffer floatBuffer() {
    Checks.argument(
        dtype() == DType.FLOAT32 && !t.is_cuda() && t.is_contiguous(),
        "floatBuffer() needs a contiguous float32 CPU tensor, got %s %s on %s",
        dtype(),
        shapeString(),
        device());
    return t.data_ptr_float().capacity(t.numel()).asBuffer();
  }

  // ---------------------------------------------------------------- conversion

  public Tensor to(DType dtype) {
    return dtype == dtype() ? this : new Tensor(t.to(dtype.nativeType));
  }

  public Tensor to(Device device) {
    if (device.equals(device())) {
      return this;
    }
    countMove(device);
    return new Tensor(t.to(device.toNative(), t.scalar_type()));
  }

  /**
   * As {@link #to(Device)}; with {@code nonBlocking}, a host-to-CUDA copy is queued on the current
   * stream without waiting for the work already there: the values are first put in pinned memory
   * from libtorch's caching host allocator, which keeps that block until the queued copy has run (a
   * copy from pageable memory may make the driver wait for the stream). For the few small tensors
   * a training step uploads (lengths, weights), each of which would otherwise be a synchronisation.
   * Copies to the CPU and between other devices are as {@link #to(Device)}.
   */
  public Tensor to(Device device, boolean nonBlocking) {
    if (device.equals(device())) {
      return this;
    }
    countMove(device);
    org.bytedeco.pytorch.Tensor source =
        nonBlocking && device.isCuda() && !t.is_cuda() && !t.is_pinned() ? t.pin_memory() : t;
    return new Tensor(
        source.to(device.toNative(), t.scalar_type(), nonBlocking && device.isCuda(), false,
            new org.bytedeco.pytorch.MemoryFormatOptional()));
  }

  public Tensor contiguous() {
    return new Tensor(t.contiguous());
  }

  public Tensor cloneTensor() {
    return new Tensor(t.clone());
  }

  public Tensor detach() {
    return new Tensor(t.detach());
  }

  // ---------------------------------------------------------------- autograd

  public Tensor requiresGrad(boolean requires) {
    t.set_requires_grad(requires);
    return this;
  }

  public boolean requiresGrad() {
    return t.requires_grad();
  }

  /** The accumulated gradient, or null when none was computed. */
  public Tensor grad() {
    org.bytedeco.pytorch.Tensor g = t.grad();
    return g.defined() ? new Tensor(g) : null;
  }

  /** Clears the accumulated gradient (sets it undefined, as {@code zero_grad(set_to_none=True)}). */
  public void clearGrad() {
    org.bytedeco.pytorch.Tensor g = t.grad();
    if (g.defined()) {
      g.detach_();
      g.zero_();
    }
  }

  public void backward() {
    t.backward();
  }

  /**
   * Back-propagates {@code gradient} (this tensor's shape) into the graph behind this non-scalar
   * tensor, as {@code torch.Tensor.backward(gradient)}; the graph is freed afterwards. Lets a kernel
   * that computes the gradient of a loss itself (the RNN-T loss) skip a scalar surrogate and its
   * temporaries of the logits' size.
   */
  public void backward(Tensor gradient) {
    Checks.argument(
        Arrays.equals(shape(), gradient.shape()),
        "gradient must have this tensor's shape %s, got %s",
        shapeString(),
        gradient.shapeString());
    org.bytedeco.pytorch.Tensor root = t;
    org.bytedeco.pytorch.Tensor rootGradient = gradient.t;
    if (t.is_view()) {
      // A view whose memory was written in place since it was made (a loss kernel writing its gradient
      // over the logits, which linear() returns as a view of its 2-D product) gets its grad_fn rebuilt
      // by autograd as an as_strided backward, which allocates and zero-fills a tensor of the base's
      // size and copies the gradient into it: for the joint's logits, two extra passes over hundreds
      // of MiB. A view that is the whole of a contiguous base is a reshape of it: back-propagating
      // the reshaped gradient from the base gives the same gradients without those passes.
      org.bytedeco.pytorch.Tensor base = new org.bytedeco.pytorch.Tensor(t._base());
      if (base.defined() && base.numel() == t.numel() && base.is_contiguous() && t.is_contiguous()
          && base.scalar_type().value == t.scalar_type().value && base.data_ptr().address() == t.data_ptr().address()) {
        root = base;
        rootGradient = gradient.t.reshape(base.sizes().vec().get());
      }
    }
    root.backward(rootGradient, new org.bytedeco.pytorch.BoolOptional(), false, new org.bytedeco.pytorch.TensorArrayRefOptional());
  }

  // ---------------------------------------------------------------- element-wise

  public Tensor add(Tensor o) {
    return new Tensor(t.add(o.t));
  }

  public Tensor add(double v) {
    return new Tensor(t.add(new Scalar(v)));
  }

  /** this + v with an integer scalar: integer tensors stay integer (a double scalar makes them float). */
  public Tensor add(long v) {
    return new Tensor(t.add(new Scalar(v)));
  }

  public Tensor sub(Tensor o) {
    return new Tensor(t.sub(o.t));
  }

  public Tensor sub(double v) {
    return new Tensor(t.sub(new Scalar(v)));
  }

  /** this - v with an integer scalar: integer tensors stay integer. */
  public Tensor sub(long v) {
    return new Tensor(t.sub(new Scalar(v)));
  }

  public Tensor mul(Tensor o) {
    return new Tensor(t.mul(o.t));
  }

  /** this * v with an integer scalar: integer tensors stay integer. */
  public Tensor mul(long v) {
    return new Tensor(t.mul(new Scalar(v)));
  }

  public Tensor mul(double v) {
    return new Tensor(t.mul(new Scalar(v)));
  }

  public Tensor div(Tensor o) {
    return new Tensor(t.div(o.t));
  }

  public Tensor div(double v) {
    return new Tensor(t.div(new Scalar(v)));
  }

  public Tensor neg() {
    return new Tensor(t.neg());
  }

  public Tensor exp() {
    return new Tensor(t.exp());
  }

  public Tensor log() {
    return new Tensor(t.log());
  }

  public Tensor sqrt() {
    return new Tensor(t.sqrt());
  }

  /** 1 / x, element-wise (what Python's {@code 1.0 / tensor} computes). */
  public Tensor reciprocal() {
    return new Tensor(t.reciprocal());
  }

  public Tensor abs() {
    return new Tensor(t.abs());
  }

  public Tensor square() {
    return new Tensor(t.mul(t));
  }

  public Tensor pow(double exponent) {
    return new Tensor(t.pow(new Scalar(exponent)));
  }

  public Tensor relu() {
    return new Tensor(torch.relu(t));
  }

  public Tensor sigmoid() {
    return new Tensor(torch.sigmoid(t));
  }

  public Tensor tanh() {
    return new Tensor(torch.tanh(t));
  }

  /** Swish / SiLU: x * sigmoid(x). */
  public Tensor silu() {
    return new Tensor(torch.silu(t));
  }

  public Tensor clamp(double min, double max) {
    return new Tensor(torch.clamp(t, new org.bytedeco.pytorch.ScalarOptional(new Scalar(min)),
        new org.bytedeco.pytorch.ScalarOptional(new Scalar(max))));
  }

  public Tensor clampMin(double min) {
    return new Tensor(torch.clamp_min(t, new Scalar(min)));
  }

  public Tensor maximum(Tensor o) {
    return new Tensor(torch.maximum(t, o.t));
  }

  public Tensor minimum(Tensor o) {
    return new Tensor(torch.minimum(t, o.t));
  }

  /** {@code log(exp(this) + exp(o))} element-wise, broadcasting; two {@code -inf} give {@code -inf}. */
  public Tensor logaddexp(Tensor o) {
    return new Tensor(torch.logaddexp(t, o.t));
  }

  // ---------------------------------------------------------------- comparisons and masks

  public Tensor lt(Tensor o) {
    return new Tensor(t.lt(o.t));
  }

  public Tensor lt(double v) {
    return new Tensor(t.lt(new Scalar(v)));
  }

  public Tensor ge(Tensor o) {
    return new Tensor(t.ge(o.t));
  }

  public Tensor ge(double v) {
    return new Tensor(t.ge(new Scalar(v)));
  }

  public Tensor le(Tensor o) {
    return new Tensor(t.le(o.t));
  }

  public Tensor gt(Tensor o) {
    return new Tensor(t.gt(o.t));
  }

  public Tensor gt(double v) {
    return new Tensor(t.gt(new Scalar(v)));
  }

  public Tensor eq(double v) {
    return new Tensor(t.eq(new Scalar(v)));
  }

  public Tensor eq(Tensor o) {
    return new Tensor(t.eq(o.t));
  }

  public Tensor logicalNot() {
    return new Tensor(torch.logical_not(t));
  }

  public Tensor logicalOr(Tensor o) {
    return new Tensor(torch.logical_or(t, o.t));
  }

  public Tensor logicalAnd(Tensor o) {
    return new Tensor(torch.logical_and(t, o.t));
  }

  /** Copy of this with {@code value} where {@code mask} is true (mask broadcast to this shape). */
  public Tensor maskedFill(Tensor mask, double value) {
    return new Tensor(t.masked_fill(mask.t, new Scalar(value)));
  }

  /** Element-wise {@code condition ? this : other}. */
  public Tensor where(Tensor condition, Tensor other) {
    return new Tensor(torch.where(condition.t, t, other.t));
  }

  /**
   * Element-wise {@code condition ? this : other}, broadcasting; NaN in unselected places does not
   * leak. The result keeps this tensor's dtype ({@code other} is taken as an integer for integer
   * tensors, where a floating scalar would promote the result to float).
   */
  public Tensor where(Tensor condition, double other) {
    Scalar s = dtype().isFloatingPoint() ? new Scalar(other) : new Scalar((long) other);
    return new Tensor(torch.where(condition.t, t, s));
  }

  /**
   * Whether every element is finite (no inf, no NaN), as a 0-d bool tensor on this tensor's device (no
   * sync): a loss scaler's overflow check.
   */
  public Tensor allFinite() {
    return new Tensor(torch.isfinite(t).all());
  }

  /** Whether any element is non-zero (true), as a 0-d bool tensor on this tensor's device (no sync). */
  public Tensor any() {
    return new Tensor(torch.any(t));
  }

  /**
   * For each element x, the index i of the first boundary with {@code x <= boundaries[i]} ({@code
   * torch.bucketize} with {@code right=False}; {@code boundaries.numel()} when x exceeds them all), as
   * int32 on this tensor's device: a nearest-code search against sorted midpoints, without a host loop.
   *
   * @param boundaries (N) sorted ascending, this tensor's dtype and device
   */
  public Tensor bucketize(Tensor boundaries) {
    Checks.argument(boundaries.dim() == 1, "boundaries must be 1-D, got %s", boundaries.shapeString());
    return new Tensor(torch.bucketize(t, boundaries.t, true, false));
  }

  // ---------------------------------------------------------------- reductions

  public Tensor sum() {
    return new Tensor(t.sum());
  }

  public Tensor sum(long dim, boolean keepDim) {
    return new Tensor(t.sum(new long[] {dim}, keepDim, new ScalarTypeOptional()));
  }

  public Tensor mean() {
    return new Tensor(t.mean());
  }

  public Tensor mean(long dim, boolean keepDim) {
    return new Tensor(t.mean(new long[] {dim}, keepDim, new ScalarTypeOptional()));
  }

  public Tensor max() {
    return new Tensor(t.max());
  }

  /** Values of the maximum along {@code dim}. */
  public Tensor maxValues(long dim, boolean keepDim) {
    return owned(t.max(dim, keepDim).get0());
  }

  /**
   * The {@code k} largest values along {@code dim}, largest first, and their indices (int64), as
   * {@code torch.topk(x, k, dim, largest=True, sorted=True)}.
   */
  public TopK topk(long k, long dim) {
    org.bytedeco.pytorch.T_TensorTensor_T r = torch.topk(t, k, dim, true, true);
    return new TopK(owned(r.get0()), owned(r.get1()));
  }

  /** Running minimum along {@code dim} (values only), as {@code torch.cummin(x, dim).values}. */
  public Tensor cummin(long dim) {
    return new Tensor(t.cummin(dim).get0());
  }

  public Tensor argmax(long dim, boolean keepDim) {
    return new Tensor(t.argmax(new org.bytedeco.pytorch.LongOptional(dim), keepDim));
  }

  public Tensor logSoftmax(long dim) {
    return new Tensor(t.log_softmax(dim));
  }

  public Tensor softmax(long dim) {
    return new Tensor(t.softmax(dim));
  }

  public Tensor logsumexp(long dim, boolean keepDim) {
    return new Tensor(torch.logsumexp(t, new long[] {dim}, keepDim));
  }

  // ---------------------------------------------------------------- shape

  public Tensor view(long... shape) {
    return new Tensor(t.view(shape));
  }

  public Tensor reshape(long... shape) {
    return new Tensor(t.reshape(shape));
  }

  public Tensor transpose(long dim0, long dim1) {
    return new Tensor(t.transpose(dim0, dim1));
  }

  public Tensor permute(long... dims) {
    return new Tensor(t.permute(dims));
  }

  public Tensor unsqueeze(long dim) {
    return new Tensor(t.unsqueeze(dim));
  }

  public Tensor squeeze(long dim) {
    return new Tensor(t.squeeze(dim));
  }

  public Tensor expand(long... shape) {
    return new Tensor(t.expand(shape));
  }

  /** Elements {@code start .. start+length-1} along {@code dim} (a view). */
  public Tensor narrow(long dim, long start, long length) {
    return new Tensor(t.narrow(dim, start, length));
  }

  /** The slice at {@code index} along {@code dim}, that dimension removed (a view). */
  public Tensor select(long dim, long index) {
    return new Tensor(t.select(dim, index));
  }

  public Tensor indexSelect(long dim, Tensor index) {
    return new Tensor(torch.index_select(t, dim, index.t));
  }

  /**
   * A copy of this with {@code src[i,j,k]} written at {@code index[i,j,k]} along {@code dim} ({@code
   * torch.scatter}); {@code index} (int64) and {@code src} have the same shape.
   */
  public Tensor scatter(long dim, Tensor index, Tensor src) {
    return new Tensor(torch.scatter(t, dim, index.t, src.t));
  }

  public Tensor gather(long dim, Tensor index) {
    return new Tensor(torch.gather(t, dim, index.t));
  }

  /** The elements in reverse order along {@code dim} (a copy). */
  public Tensor flip(long dim) {
    return new Tensor(torch.flip(t, dim));
  }

  public Tensor flatten(long startDim, long endDim) {
    return new Tensor(t.flatten(startDim, endDim));
  }

  /** Zero padding of the last dimensions: {@code (left, right)} pairs starting with the last dimension. */
  public Tensor pad(long... leftRightPairs) {
    return new Tensor(torch.constant_pad_nd(t, leftRightPairs, new Scalar(0.0)));
  }

  /** Sliding windows of {@code size} every {@code step} along {@code dim}, as a new last dimension (a view). */
  public Tensor unfold(long dim, long size, long step) {
    return new Tensor(t.unfold(dim, size, step));
  }

  /**
   * The power spectrum {@code |rfft(x)|^2} over the last dimension.
   *
   * @return (..., n/2 + 1) for this (..., n), in this tensor's real dtype
   */
  public Tensor rfftPower() {
    org.bytedeco.pytorch.Tensor spectrum = torch.fft_rfft(t);
    org.bytedeco.pytorch.Tensor parts = torch.view_as_real(spectrum); // (..., bins, 2)
    return new Tensor(parts.mul(parts).sum(new long[] {-1}, false, new ScalarTypeOptional()));
  }

  // ---------------------------------------------------------------- linear algebra and layers

  public Tensor matmul(Tensor o) {
    return new Tensor(torch.matmul(t, o.t));
  }

  /** {@code x @ weight^T + bias}; bias may be null. */
  public Tensor linear(Tensor weight, Tensor bias) {
    return new Tensor(torch.linear(t, weight.t, optional(bias)));
  }

  /**
   * 1-D convolution.
   *
   * @param weight (C_out, C_in / groups, K)
   * @param bias (C_out) or null
   * @return (B, C_out, T') for this (B, C_in, T)
   */
  public Tensor conv1d(Tensor weight, Tensor bias, long stride, long padding, long dilation, long groups) {
    return new Tensor(
        torch.conv1d(
            t, weight.t, optional(bias), new long[] {stride}, new long[] {padding},
            new long[] {dilation}, groups));
  }

  /** 2-D convolution of (B, C_in, H, W) with weight (C_out, C_in / groups, kH, kW). */
  public Tensor conv2d(Tensor weight, Tensor bias, long stride, long padding, long groups) {
    return new Tensor(
        torch.conv2d(
            t, weight.t, optional(bias), new long[] {stride, stride}, new long[] {padding, padding},
            new long[] {1, 1}, groups));
  }

  /**
   * Batch normalisation over dim 1 of (B, C, ...). In training mode the running statistics are updated
   * in place with {@code momentum} (PyTorch's convention: {@code new = (1-m)*old + m*batch}).
   */
  public Tensor batchNorm(
      Tensor weight, Tensor bias, Tensor runningMean, Tensor runningVar, boolean training,
      double momentum, double eps) {
    return new Tensor(
        torch.batch_norm(
            t, optional(weight), optional(bias), optional(runningMean), optional(runningVar),
            training, momentum, eps, false));
  }

  /** Layer normalisation over the last dimension. */
  public Tensor layerNorm(Tensor weight, Tensor bias, double eps) {
    return new Tensor(
        torch.layer_norm(t, new long[] {size(-1)}, optional(weight), optional(bias), eps, false));
  }

  /** Rows of {@code weight} (N, H) picked by this int64 index tensor: shape (..., H). */
  public Tensor embeddingOf(Tensor weight, long paddingIdx) {
    return new Tensor(torch.embedding(weight.t, t, paddingIdx, false, false));
  }

  public Tensor dropout(double p, boolean training) {
    if (!training || p <= 0) {
      return this;
    }
    return new Tensor(torch.dropout(t, p, true));
  }

  /** GLU over {@code dim}: first half times sigmoid of the second half. */
  public Tensor glu(long dim) {
    return new Tensor(torch.glu(t, dim));
  }

  // ---------------------------------------------------------------- in place (optimizers, buffers)

  public Tensor fill(double value) {
    t.fill_(new Scalar(value));
    return this;
  }

  public Tensor zero() {
    t.zero_();
    return this;
  }

  /** this += alpha * o, in place. */
  public Tensor addInPlace(Tensor o, double alpha) {
    t.add_(o.t, new Scalar(alpha));
    return this;
  }

  /** this += 1, in place (integer counters such as {@code num_batches_tracked}). */
  public Tensor incrementInPlace() {
    t.add_(new Scalar(1L));
    return this;
  }

  /** this += o (broadcast to this shape), in place; the result is cast to this tensor's dtype. */
  public Tensor addInPlace(Tensor o) {
    t.add_(o.t);
    return this;
  }

  /** this -= o (broadcast to this shape), in place; also on a strided view, writing through it. */
  public Tensor subInPlace(Tensor o) {
    t.sub_(o.t);
    return this;
  }

  public Tensor expInPlace() {
    t.exp_();
    return this;
  }

  /** Clamps every element to {@code [min, max]}, in place. */
  public Tensor clampInPlace(double min, double max) {
    t.clamp_(
        new org.bytedeco.pytorch.ScalarOptional(new Scalar(min)),
        new org.bytedeco.pytorch.ScalarOptional(new Scalar(max)));
    return this;
  }

  /** {@code value} where {@code mask} (broadcast to this shape) is true, in place. */
  public Tensor maskedFillInPlace(Tensor mask, double value) {
    t.masked_fill_(mask.t, new Scalar(value));
    return this;
  }

  /**
   * {@code this[..., index[i,j,k], ...] += src[i,j,k]} along {@code dim}, in place ({@code
   * Tensor.scatter_add_}); {@code index} (int64) and {@code src} have the same shape.
   */
  public Tensor scatterAddInPlace(long dim, Tensor index, Tensor src) {
    t.scatter_add_(dim, index.t, src.t);
    return this;
  }

  public Tensor mulInPlace(double v) {
    t.mul_(new Scalar(v));
    return this;
  }

  public Tensor mulInPlace(Tensor o) {
    t.mul_(o.t);
    return this;
  }

  /** this += value * a * b, in place. */
  public Tensor addcmulInPlace(Tensor a, Tensor b, double value) {
    t.addcmul_(a.t, b.t, new Scalar(value));
    return this;
  }

  /** this += value * a / b, in place. */
  public Tensor addcdivInPlace(Tensor a, Tensor b, double value) {
    t.addcdiv_(a.t, b.t, new Scalar(value));
    return this;
  }

  public Tensor copyFrom(Tensor src) {
    t.copy_(src.t);
    return this;
  }

  // ---------------------------------------------------------------- lifetime

  /**
   * Detaches this handle from the enclosing {@link TensorScope} so that it survives the scope's close
   * (parameters, optimizer state, running statistics).
   */
  public Tensor retain() {
    t.retainReference();
    return this;
  }

  /**
   * A handle of its own for a tensor that a tuple result only lends (the element getters of libtorch's
   * tuples point into the tuple, which its scope or the collector frees): the copy shares the data and
   * lives as long as any handle made by an operation.
   */
  static Tensor owned(org.bytedeco.pytorch.Tensor element) {
    return new Tensor(new org.bytedeco.pytorch.Tensor(element));
  }

  static TensorOptional optional(Tensor x) {
    return x == null ? new TensorOptional() : new TensorOptional(x.t);
  }

  @Override
  public String toString() {
    return "Tensor" + shapeString() + " " + dtype() + " " + device();
  }
}
