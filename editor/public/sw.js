/*
 * The app shell offline: the page and its hashed assets are precached at install, so the app
 * opens without a network and a référentiel kept on this device (y-indexeddb) can be edited;
 * its edits merge when the network returns. The API and the sync socket always go to the
 * network. The build writes the list of files and the version (vite-plugins.ts).
 */
const SHELL = __SHELL_FILES__;
const CACHE = "refstudio-shell-__SHELL_VERSION__";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/collab/")) return;
  if (request.mode === "navigate") {
    // The page: the network's when there is one (a new version), else the cached shell.
    event.respondWith(
      fetch(request).catch(() =>
        caches.match("/", { ignoreSearch: true }).then((cached) => cached || Response.error()),
      ),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    // Hashed files never change: the cache's copy, else the network's (kept for next time).
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
