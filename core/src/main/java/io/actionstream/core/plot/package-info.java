/**
 * Charts rendered with Java2D into PNG files, headless: line charts with nice axes ({@link
 * io.actionstream.core.plot.LinePlot}) and grouped bars of accuracies ({@link
 * io.actionstream.core.plot.BarPlot}), for training reports, retraining reports and benchmarks.
 */
package io.actionstream.core.plot;
