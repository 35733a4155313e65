package org.rnnt4j.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.ByteVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.rnnt4j.util.Checks;

/**
 * One rank's membership of a c10d process group: the ranks meet through a {@code TCPStore} served by
 * rank 0 at {@code host:port} (torchrun's {@code MASTER_ADDR}/{@code MASTER_PORT}) and reduce tensors
 * with Gloo (CPU tensors) or NCCL (CUDA tensors), as {@code torch.distributed.init_process_group} does.
 * The store doubles as a small key-value board for liveness signals ({@link #storeAdd}).
 *
 * <p>NCCL's class exists only in the {@code -gpu} natives, so it is looked up by name: a CPU build
 * still compiles, and a CUDA device without it fails with a message saying so.
 */
public final class ProcessGroup implements AutoCloseable {
  private final int rank;
  private final int worldSize;
  private final TCPStore store;
  private final Backend backend;
  private final String backendName;
  private final Device device;
  // one native callback per group: JavaCPP allows only a few live instances of a callback class
  private final GradientSum gradientSum = new GradientSum();

  private ProcessGroup(int rank, int worldSize, TCPStore store, Backend backend, String backendName, Device device) {
    this.rank = rank;
    this.worldSize = worldSize;
    this.store = store;
    this.backend = backend;
    this.backendName = backendName;
    this.device = device;
  }

  /**
   * Joins (rank 0: serves and joins) the group; returns when every rank has joined or fails after
   * {@code timeout}.
   *
   * @param timeout how long a collective or a store read may wait for the other ranks
   */
  public static ProcessGroup join(String host, int port, int rank, int worldSize, Device device, Duration timeout) {
    Checks.argument(worldSize >= 1, "world size must be >= 1, got %s", worldSize);
    Checks.argument(rank >= 0 && rank < worldSize, "rank must be in [0, %s), got %s", worldSize, rank);
    Checks.argument(port > 0 && port < 65536, "port must be in [1, 65535], got %s", port);
    Engine.init();
    TCPStore store = connect(host, port, rank == 0, worldSize, timeout);
    Backend backend;
    String name;
    if (device.isCuda()) {
      backend = nccl(store, rank, worldSize);
      name = "nccl";
    } else {
      ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(timeout.toMillis()));
      options.devices().push_back(glooDevice(host));
      backend = new ProcessGroupGloo(store, rank, worldSize, options);
      name = "gloo";
    }
    return new ProcessGroup(rank, worldSize, store, backend, name, device);
  }

  /** A second client of the store at {@code host:port}, for a thread that must not share the first one's socket. */
  public static ProcessGroup.StoreClient storeClient(String host, int port, Duration timeout) {
    Engine.init();
    return new StoreClient(connect(host, port, false, 0, timeout));
  }

  private static TCPStore connect(String host, int port, boolean server, int worldSize, Duration timeout) {
    TCPStoreOptions options = new TCPStoreOptions();
    options.port((short) port);
    options.isServer(server);
    if (server) {
      options.numWorkers(new org.bytedeco.javacpp.SizeTPointer(1).put(worldSize));
    }
    options.waitWorkers(false);
    options.timeout(new Milliseconds(timeout.toMillis()));
    options.useLibUV(false);
    try {
      return new TCPStore(host, options);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          (server ? "cannot serve the rendezvous store on " : "cannot reach the rendezvous store at ") + host + ":" + port
              + " (MASTER_ADDR/MASTER_PORT): " + firstLine(e), e);
    }
  }

  private static org.bytedeco.pytorch.gloo.Device glooDevice(String host) {
    String iface = System.getenv("GLOO_SOCKET_IFNAME");
    if (iface != null && !iface.isBlank()) {
      return ProcessGroupGloo.createDeviceForInterface(iface);
    }
    // the rendezvous host is one this machine reaches; for loopback it is also the address to bind
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    return loopback ? ProcessGroupGloo.createDeviceForHostname("127.0.0.1") : ProcessGroupGloo.createDefaultDevice();
  }

  private static Backend nccl(Store store, int rank, int worldSize) {
    try {
      Class<?> c = Class.forName("org.bytedeco.pytorch.ProcessGroupNCCL");
      return (Backend) c.getConstructor(Store.class, int.class, int.class).newInstance(store, rank, worldSize);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "data-parallel training on CUDA needs NCCL, which the CPU natives lack: build with the cuda profile", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the NCCL process group: " + e, e);
    }
  }

  public int rank() {
    return rank;
  }

  public int worldSize() {
    return worldSize;
  }

  /** {@code gloo} or {@code nccl}. */
  public String backendName() {
    return backendName;
  }

  /**
   * Sums each tensor over the ranks, in place, and waits for the result. The tensors must be
   * contiguous, on this group's device, and have the same shapes, in the same order, on every rank.
   *
   * @throws IllegalStateException when a rank fails or the timeout passes
   */
  public void allReduceSum(List<Tensor> tensors) {
    for (Tensor tensor : tensors) {
      allReduceSum(tensor);
    }
  }

  /**
   * The sum of {@code x} over the ranks, differentiable: the backward pass sums the incoming gradient
   * over the ranks too, so each rank's {@code x} receives what every rank's loss asks of the sum (torch's
   * {@code SyncBatchNorm} does the same in its backward). Every rank must call it, and run the backward
   * through it, in the same order.
   *
   * @param x any shape, on this group's device
   * @return x's shape: the sum over ranks
   */
  public Tensor crossReplicaSum(Tensor x) {
    Tensor sum = x.detach().contiguous().cloneTensor();
    allReduceSum(sum);
    // forward: the sum; backward: the identity into x, which the hook turns into the ranks' summed gradient
    Tensor y = x.add(sum.sub(x.detach()));
    if (y.requiresGrad()) {
      y.t.register_hook(gradientSum);
    }
    return y;
  }

  /** Sums one tensor over the ranks, in place (a c10d call takes one tensor per device, so one per call). */
  public void allReduceSum(Tensor tensor) {
    Checks.argument(tensor.device().equals(device), "all-reduce tensors must be on %s, got %s", device, tensor.device());
    AllreduceOptions options = new AllreduceOptions();
    options.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
    try {
      Work work = backend.allreduce(new TensorVector(tensor.t), options);
      work._wait();
    } catch (RuntimeException e) {
      throw new IllegalStateException(backendName + " all-reduce failed on rank " + rank + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Adds {@code delta} to a counter in the store; returns its new value. */
  public long storeAdd(String key, long delta) {
    return store.add(key, delta);
  }

  /** Sets {@code key} in the store (UTF-8). */
  public void storeSet(String key, String value) {
    try (ByteVector v = bytes(value)) { // freed here: JavaCPP objects are not garbage-collected (PointerPolicy)
      store.set(key, v);
    }
  }

  /** The value of {@code key} in the store (UTF-8), waiting until a rank has set it or the timeout passes. */
  public String storeGet(String key) {
    try {
      try (ByteVector v = store.get(key)) {
        byte[] b = new byte[(int) v.size()];
        for (int i = 0; i < b.length; i++) {
          b[i] = v.get(i);
        }
        return new String(b, StandardCharsets.UTF_8);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot read '" + key + "' from the rendezvous store: " + firstLine(e), e);
    }
  }

  /**
   * Closed groups' native objects, never freed: JavaCPP would otherwise destroy a Gloo group and its
   * TCPStore whenever the garbage collector finds them, on its own thread, possibly while the peer's
   * side is still connected, and a Gloo or store thread that then fails aborts the whole JVM. A process
   * makes one group (tests a few), so what stays allocated is small.
   */
  private static final java.util.List<Object> RETIRED = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  @Override
  public void close() {
    try {
      backend.shutdown();
    } catch (RuntimeException ignored) {
      // a peer that is gone already makes the shutdown complain; nothing is left to release
    }
    RETIRED.add(backend);
    RETIRED.add(store);
    RETIRED.add(gradientSum);
  }

  private static ByteVector bytes(String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    ByteVector v = new ByteVector(b.length);
    for (int i = 0; i < b.length; i++) {
      v.put(i, b[i]);
    }
    return v;
  }

  /**
   * A store client of its own, for a watcher thread: counters ({@link #add}) and existence checks
   * ({@link #has}), each failing with an {@link IllegalStateException} when the store's host is gone.
   */
  public static final class StoreClient implements AutoCloseable {
    private final TCPStore store;

    private StoreClient(TCPStore store) {
      this.store = store;
    }

    public long add(String key, long delta) {
      try {
        return store.add(key, delta);
      } catch (RuntimeException e) {
        throw new IllegalStateException("the rendezvous store is unreachable: " + firstLine(e), e);
      }
    }

    public boolean has(String key) {
      try {
        try (StringVector keys = new StringVector(key)) { // a watcher thread has no TensorScope: freed here
          return store.check(keys);
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException("the rendezvous store is unreachable: " + firstLine(e), e);
      }
    }

    public void set(String key, String value) {
      try (ByteVector v = bytes(value)) {
        store.set(key, v);
      } catch (RuntimeException e) {
        throw new IllegalStateException("the rendezvous store is unreachable: " + firstLine(e), e);
      }
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** The backward half of {@link #crossReplicaSum}: runs on the thread that runs the backward pass. */
  private final class GradientSum extends TensorTensorHook {
    @Override
    public TensorBase call(TensorBase gradient) {
      Tensor g = new Tensor(new org.bytedeco.pytorch.Tensor(gradient)).contiguous().cloneTensor();
      allReduceSum(g);
      return g.t;
    }
  }
}
