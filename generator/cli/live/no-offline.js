// catalogue serve answers /sw.js with this worker instead of the site's offline worker. The site's worker keeps
// pages to show without a connection; in the preview it would show an editor the page as it was before their
// edit and hold the live-reload connection, so the open tab stopped following edits after the first reload.
// This one removes itself, and any offline worker an earlier preview left on this address, and its saved copies.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.map((key) => caches.delete(key))))
      .then(() => self.registration.unregister())
  );
});
