// The inspector app's service worker: keeps the app shell (and the QR
// decoder) so that /kiem-tra/ opens in airplane mode. The server fills in
// the version (a hash of every asset) and the asset list, so that a new
// build replaces the cache. The key set is network-first with the cached
// copy as fallback; the registry snapshot and inspections are kept by the
// app itself in IndexedDB.
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = `ocop-inspector-${VERSION}`;
const KEYS = "/.well-known/ocop-stamp-keys.json";

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) if (k.startsWith("ocop-inspector-") && k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === KEYS) {
    e.respondWith((async () => {
      const c = await caches.open(CACHE);
      try {
        const res = await fetch(e.request);
        if (res.ok) await c.put(KEYS, res.clone());
        return res;
      } catch (err) {
        const hit = await c.match(KEYS);
        if (hit) return hit;
        throw err;
      }
    })());
    return;
  }
  if (!url.pathname.startsWith("/kiem-tra/")) return;
  e.respondWith((async () => {
    const c = await caches.open(CACHE);
    const key = url.pathname === "/kiem-tra/" || url.pathname === "/kiem-tra/index.html" ? "/kiem-tra/" : url.pathname;
    const hit = await c.match(key);
    if (hit) return hit;
    return fetch(e.request);
  })());
});
