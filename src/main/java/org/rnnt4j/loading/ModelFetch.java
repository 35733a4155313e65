package org.rnnt4j.loading;

import java.nio.file.Path;
import org.rnnt4j.hub.HubEnvironment;

/**
 * Where Hub models are looked for and whether a missing one may be downloaded: {@code --cache_dir} (the
 * recipe's model cache; default the Hugging Face cache of the environment) and {@code --download}.
 *
 * @param cacheDir the Hugging Face Hub cache to use instead of the environment's, or null
 * @param download fetch a Hub model that is not cached yet (never without this)
 */
public record ModelFetch(Path cacheDir, boolean download) {
  /** The environment's cache, nothing downloaded: what every command does unless asked. */
  public static final ModelFetch CACHED_ONLY = new ModelFetch(null, false);

  /** The Hub settings of the process, with {@link #cacheDir} in place of the cache when set. */
  public HubEnvironment environment() {
    HubEnvironment env = HubEnvironment.fromSystem();
    return cacheDir == null ? env : new HubEnvironment(cacheDir, env.endpoint(), env.token(), env.offline());
  }
}
