package io.actionstream.trainer.engine;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Switches PyTorch's CPU kernel libraries on or off in the running process: what Python's {@code
 * torch.backends.mkldnn.enabled} and {@code torch.backends.nnpack.enabled} do. DJL exposes neither
 * switch, so this calls the two setters of libtorch's global {@code at::Context} through JNA, by
 * their (Itanium C++ ABI) symbol names in the {@code libtorch_cpu.so} that DJL has already loaded.
 *
 * <p>Why: the oneDNN convolution kernels inside the PyTorch 2.7.1 natives that DJL 0.35.1 bundles
 * compute wrong float32 results on some processors (an AMD EPYC Zen 4 virtual machine: errors of
 * about 1.0 when the input channel count is above 16 and not a multiple of 16), which gave NaN
 * training and wrong forward passes there (issue 13). With oneDNN off, PyTorch convolves with its
 * own im2col + GEMM path, the same one it uses for float64. NNPACK goes off too: PyTorch would
 * otherwise try it for batches of 16 and more, and it logs "Could not initialize NNPACK" on every
 * processor it does not support.
 */
final class TorchBackends {
  private static final String LIBRARY = "libtorch_cpu.so";
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";
  private static final String GET_MKLDNN = "_ZNK2at7Context17userEnabledMkldnnEv";
  private static final String SET_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
  private static final String GET_NNPACK = "_ZNK2at7Context17userEnabledNNPACKEv";

  /** glibc's dlopen flags. */
  private static final int RTLD_LAZY = 0x1;

  private static final int RTLD_NOLOAD = 0x4;

  private TorchBackends() {}

  /**
   * Turns oneDNN and NNPACK on or off for every later PyTorch operation in this process. The engine
   * must be loaded.
   *
   * @throws IllegalStateException if libtorch is not loaded or lacks the setters
   */
  static void useOneDnnAndNnpack(boolean enabled) {
    NativeLibrary torch = library();
    try {
      Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      torch.getFunction(SET_MKLDNN).invokeVoid(new Object[] {context, enabled});
      torch.getFunction(SET_NNPACK).invokeVoid(new Object[] {context, enabled});
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          "this libtorch lacks at::Context's oneDNN/NNPACK switches (a PyTorch other than 2.x?)",
          e);
    }
  }

  /** Whether PyTorch may use oneDNN kernels now. */
  static boolean oneDnnEnabled() {
    return flag(GET_MKLDNN);
  }

  /** Whether PyTorch may use NNPACK kernels now. */
  static boolean nnpackEnabled() {
    return flag(GET_NNPACK);
  }

  private static boolean flag(String getter) {
    NativeLibrary torch = library();
    try {
      Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
      // A C++ bool comes back in the low byte of the return register.
      return (torch.getFunction(getter).invokeInt(new Object[] {context}) & 0xff) != 0;
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("this libtorch lacks " + getter, e);
    }
  }

  /** The libtorch_cpu.so this process has mapped (DJL extracts it to its cache directory). */
  private static NativeLibrary library() {
    List<String> maps;
    try {
      maps = Files.readAllLines(Path.of("/proc/self/maps"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/maps to find " + LIBRARY, e);
    }
    String path =
        maps.stream()
            .filter(line -> line.endsWith("/" + LIBRARY))
            .map(line -> line.substring(line.indexOf('/')))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        LIBRARY + " is not loaded: load DJL's PyTorch engine first"));
    try {
      // RTLD_NOLOAD: the handle of the copy DJL loaded, never a second one.
      return NativeLibrary.getInstance(
          path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot open the loaded " + path, e);
    }
  }
}
