package io.actionstream.trainer.engine;

/**
 * Plain-Java float64 references for {@link EngineCheck}: the convolution, matrix product and
 * ConvLSTM step the model is made of, written as loops so that they share no code with any native
 * kernel. Arrays are flat, row-major (NCHW for images).
 */
final class ReferenceMath {
  private ReferenceMath() {}

  /**
   * A 2-D convolution with stride 1 and same zero padding ({@code k / 2}).
   *
   * @param x input {@code [b, cin, h, w]}
   * @param weight {@code [cout, cin, k, k]}
   * @param bias {@code [cout]}
   * @return output {@code [b, cout, h, w]}
   */
  static double[] conv2d(
      float[] x, int b, int cin, int h, int w, float[] weight, float[] bias, int cout, int k) {
    int pad = k / 2;
    double[] y = new double[b * cout * h * w];
    for (int n = 0; n < b; n++) {
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < w; j++) {
            double sum = bias[o];
            for (int c = 0; c < cin; c++) {
              for (int ki = 0; ki < k; ki++) {
                int yi = i + ki - pad;
                if (yi < 0 || yi >= h) {
                  continue;
                }
                for (int kj = 0; kj < k; kj++) {
                  int xj = j + kj - pad;
                  if (xj < 0 || xj >= w) {
                    continue;
                  }
                  sum +=
                      (double) x[((n * cin + c) * h + yi) * w + xj]
                          * weight[((o * cin + c) * k + ki) * k + kj];
                }
              }
            }
            y[((n * cout + o) * h + i) * w + j] = sum;
          }
        }
      }
    }
    return y;
  }

  /** The matrix product of {@code a [n, m]} and {@code b [m, p]}. */
  static double[] matMul(float[] a, float[] b, int n, int m, int p) {
    double[] y = new double[n * p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int l = 0; l < m; l++) {
          sum += (double) a[i * m + l] * b[l * p + j];
        }
        y[i * p + j] = sum;
      }
    }
    return y;
  }

  /**
   * One ConvLSTM step as {@code io.actionstream.trainer.model.ConvLstmCell} defines it: {@code z =
   * conv(concat(x, h))} split into i, f, o, g; {@code c' = σ(f)c + σ(i)tanh(g)}, {@code h' =
   * σ(o)tanh(c')}.
   *
   * @return {@code {h', c'}}, each {@code [b, hidden, size, size]}
   */
  static double[][] convLstmStep(
      float[] x,
      float[] hState,
      float[] cState,
      int b,
      int cin,
      int hidden,
      int size,
      float[] weight,
      float[] bias,
      int k) {
    int plane = size * size;
    float[] joined = new float[b * (cin + hidden) * plane];
    for (int n = 0; n < b; n++) {
      System.arraycopy(x, n * cin * plane, joined, n * (cin + hidden) * plane, cin * plane);
      System.arraycopy(
          hState, n * hidden * plane, joined, (n * (cin + hidden) + cin) * plane, hidden * plane);
    }
    double[] z = conv2d(joined, b, cin + hidden, size, size, weight, bias, 4 * hidden, k);
    double[] hNext = new double[b * hidden * plane];
    double[] cNext = new double[b * hidden * plane];
    for (int n = 0; n < b; n++) {
      for (int ch = 0; ch < hidden; ch++) {
        for (int p = 0; p < plane; p++) {
          int at = (n * hidden + ch) * plane + p;
          double i = sigmoid(z[((n * 4 * hidden) + ch) * plane + p]);
          double f = sigmoid(z[((n * 4 * hidden) + hidden + ch) * plane + p]);
          double o = sigmoid(z[((n * 4 * hidden) + 2 * hidden + ch) * plane + p]);
          double g = Math.tanh(z[((n * 4 * hidden) + 3 * hidden + ch) * plane + p]);
          cNext[at] = f * cState[at] + i * g;
          hNext[at] = o * Math.tanh(cNext[at]);
        }
      }
    }
    return new double[][] {hNext, cNext};
  }

  private static double sigmoid(double v) {
    return 1 / (1 + Math.exp(-v));
  }
}
