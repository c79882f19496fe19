/**
 * The continual-training demo ({@link io.actionstream.demo.ContinualDemo}): a model that gets a
 * family of combinations wrong learns them from labelled clips while the service keeps serving.
 */
package io.actionstream.demo;
