// Powerbrokers' service worker: go-app's ServiceWorkerTemplate, rewritten
// (see worker.go for what it does and why). The server fills in the app
// version and the resources to precache at its two markers.
// The go-app version (a hash of the WASM and the data): the server puts it in.
const cacheName = "app-" + "GOAPP_VERSION";
const dataCache = "powerbrokers-data";
// The snapshots of past revisions, which never change: kept across versions.
const revisionCache = "powerbrokers-revisions";
const revisionSnapshot = /\/v\/[1-9][0-9]{0,9}\/api\/v1\/snapshot$/;
const revisionsKept = 20;
// The shell, the WASM, styles, icons and the map geometry: the server puts them in.
const resourcesToCache = ["GOAPP_RESOURCES"];
const snapshotURL = new URL("api/v1/snapshot", self.registration.scope).href;
const navigationTimeout = 4000;

async function precache() {
  const cache = await caches.open(cacheName);
  await Promise.all(resourcesToCache.map(async (url) => {
    if (url.includes("?v=")) {
      const old = await caches.match(url);
      if (old) {
        return cache.put(url, old);
      }
    }
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error("precache " + url + ": " + response.status);
    }
    return cache.put(url, response);
  }));
  try {
    const response = await fetch(snapshotURL);
    if (response.ok) {
      await (await caches.open(dataCache)).put(snapshotURL, response);
    }
  } catch (err) {
    // The app stores the data too; the worker copy is a second line.
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.map((key) => {
      if (key !== cacheName && key !== dataCache && key !== revisionCache) {
        return caches.delete(key);
      }
    }));
    if (self.registration.navigationPreload) {
      await self.registration.navigationPreload.enable();
    }
    await self.clients.claim();
  })());
});

async function offlinePage(url) {
  const cache = await caches.open(cacheName);
  const opts = { ignoreSearch: true, ignoreVary: true };
  return (await cache.match(url.origin + url.pathname, opts)) ||
    (await cache.match(self.registration.scope, opts)) ||
    (await cache.match(self.registration.scope.replace(/\/$/, ""), opts));
}

async function navigate(event) {
  const request = event.request;
  const url = new URL(request.url);
  let saved = Promise.resolve();
  const network = (async () => {
    const response = (await event.preloadResponse) || (await fetch(request));
    if (response.ok && !url.search && !response.redirected) {
      const copy = response.clone();
      saved = caches.open(cacheName).then((cache) => cache.put(url.origin + url.pathname, copy));
    }
    return response;
  })();
  event.waitUntil(network.then(() => saved).catch(() => {}));
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, navigationTimeout);
  });
  try {
    const first = await Promise.race([network, slow]);
    if (first && first.status < 500) {
      return first;
    }
    const fallback = await offlinePage(url);
    return fallback || first || (await network);
  } catch (err) {
    const fallback = await offlinePage(url);
    if (fallback) {
      return fallback;
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function snapshot(event) {
  const request = event.request;
  const cache = await caches.open(dataCache);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      event.waitUntil(cache.put(snapshotURL, copy));
    }
    return response;
  } catch (err) {
    if (!request.headers.has("If-None-Match")) {
      const cached = await cache.match(snapshotURL, { ignoreVary: true });
      if (cached) {
        return cached;
      }
    }
    throw err;
  }
}

// A past revision's snapshot never changes: served from the cache once
// fetched, and only the last revisionsKept of them are kept.
async function pastRevision(event) {
  const request = event.request;
  const key = request.url.split("?")[0];
  const cache = await caches.open(revisionCache);
  const cached = await cache.match(key, { ignoreVary: true });
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    event.waitUntil((async () => {
      await cache.put(key, copy);
      const keys = await cache.keys();
      await Promise.all(keys.slice(0, Math.max(0, keys.length - revisionsKept)).map((k) => cache.delete(k)));
    })());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
    return;
  }
  if (revisionSnapshot.test(url.pathname)) {
    event.respondWith(pastRevision(event));
    return;
  }
  if (url.href.split("?")[0] === snapshotURL) {
    event.respondWith(snapshot(event));
    return;
  }
  if (url.pathname.includes("/api/")) {
    return;
  }
  event.respondWith(
    caches.match(request).then((response) => response || fetch(request))
  );
});
