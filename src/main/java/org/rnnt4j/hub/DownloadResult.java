package org.rnnt4j.hub;

/**
 * What a download into the Hugging Face cache did.
 *
 * @param snapshot the snapshot folder the files are linked from
 * @param filesDownloaded files fetched (in full or resumed) in this call
 * @param filesReused files whose blob was already in the cache
 * @param bytesReceived bytes received in this call
 */
public record DownloadResult(HubCache.Snapshot snapshot, int filesDownloaded, int filesReused, long bytesReceived) {
  public String summary() {
    return String.format("%s at %s: %d file(s) downloaded (%,d bytes), %d already in the cache; snapshot %s",
        snapshot.repo(), snapshot.commit().substring(0, Math.min(12, snapshot.commit().length())), filesDownloaded, bytesReceived,
        filesReused, snapshot.directory());
  }
}
