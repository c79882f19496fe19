/**
 * The action model as DJL blocks: {@link io.actionstream.trainer.model.ConvLstmCell}, the clip
 * {@link io.actionstream.trainer.model.ConvLstmEncoder}, per-slot or sentence heads, and {@link
 * io.actionstream.trainer.model.ActionModel} which joins them with the mask input. Sizes come from
 * {@link io.actionstream.trainer.model.ModelConfig}.
 */
package io.actionstream.trainer.model;
