package org.rnnt4j.loading;

import java.nio.file.Path;
import org.rnnt4j.util.Checks;

/**
 * Which model to train, with which tokenizer, and how the result is saved, with the Python recipe's flag
 * names. A model named by {@code modelNameOrPath} or {@code pretrainedModelNameOrPath} is a {@code
 * .nemo}, an rnnt4j model directory or a Hub id in the local Hugging Face cache.
 *
 * @param configPath a NeMo model conf (with a {@code model:} root or without); with {@code
 *     modelNameOrPath} it replaces the checkpoint's own config (the architectures must agree)
 * @param modelNameOrPath a model whose weights start the training; with a {@code tokenizerPath} the
 *     tokenizer found or trained there replaces the checkpoint's (a vocabulary change, see {@link
 *     VocabularyChange}), without one the checkpoint's tokenizer is kept
 * @param pretrainedModelNameOrPath a model restored as it is: its config, weights and tokenizer (no
 *     vocabulary change); exclusive with {@code modelNameOrPath}
 * @param tokenizerPath root directory: {@code tokenizer_spe_bpe_v{N}/} under it is reused or trained
 * @param vocabSize N, the tokenizer's pieces
 * @param freezeEncoder train without updating the encoder, except its BatchNorm layers
 * @param unfreezeEncoder unfreeze the encoder after the first evaluation during training
 * @param saveNemo write the final model also as {@code output_dir/model.nemo}
 * @param saveSafetensors write the final model also as {@code model.safetensors} + {@code config.json}
 * @param fetch where Hub models are cached and whether a missing one is downloaded
 */
public record ModelArguments(
    Path configPath,
    String modelNameOrPath,
    String pretrainedModelNameOrPath,
    Path tokenizerPath,
    int vocabSize,
    boolean freezeEncoder,
    boolean unfreezeEncoder,
    boolean saveNemo,
    boolean saveSafetensors,
    ModelFetch fetch) {

  public ModelArguments {
    fetch = fetch == null ? ModelFetch.CACHED_ONLY : fetch;
    Checks.argument(
        modelNameOrPath == null || pretrainedModelNameOrPath == null,
        "give --model_name_or_path (fine-tune, the tokenizer may change) or --pretrained_model_name_or_path"
            + " (restore as it is), not both");
  }

  /** Hub models from the environment's cache only, nothing downloaded. */
  public ModelArguments(
      Path configPath, String modelNameOrPath, String pretrainedModelNameOrPath, Path tokenizerPath, int vocabSize,
      boolean freezeEncoder, boolean unfreezeEncoder, boolean saveNemo, boolean saveSafetensors) {
    this(configPath, modelNameOrPath, pretrainedModelNameOrPath, tokenizerPath, vocabSize, freezeEncoder, unfreezeEncoder,
        saveNemo, saveSafetensors, ModelFetch.CACHED_ONLY);
  }

  /** A model from a conf or a saved model, saved as a directory and a {@code .nemo}, nothing frozen. */
  public ModelArguments(Path configPath, Path modelNameOrPath, Path tokenizerPath, int vocabSize) {
    this(configPath, modelNameOrPath == null ? null : modelNameOrPath.toString(), null, tokenizerPath, vocabSize, false, false, true, false,
        ModelFetch.CACHED_ONLY);
  }
}
