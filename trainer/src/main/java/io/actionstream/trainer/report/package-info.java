/**
 * Training and evaluation reports written beside a run: the {@code metrics.jsonl} epoch log ({@link
 * io.actionstream.trainer.report.MetricsLog}), loss and accuracy curves as PNG ({@link
 * io.actionstream.core.plot.LinePlot}, {@link io.actionstream.trainer.report.TrainingPlots}),
 * true-versus-predicted next-frame strips ({@link io.actionstream.trainer.report.FrameStrip}) and
 * {@code evaluation.json}/{@code evaluation.md} ({@link
 * io.actionstream.trainer.report.EvaluationReport}).
 *
 * <p>Plain Java, Java2D (headless) and Jackson only: nothing here touches DJL, so reports can be
 * rendered from files after a run, on a machine without an engine.
 */
package io.actionstream.trainer.report;
