package server

// workerJS is the service worker template (go-app's ServiceWorkerTemplate,
// rewritten). go-app v9's worker answers only exact cached URLs, so a deep
// link such as /miners/iren or /deals?tenant=x fails offline; this one:
//   - precaches the shell, the WASM, styles, icons and the map geometry;
//   - serves navigations network-first and falls back to the cached page,
//     then to the app shell (the scope URL), which routes client-side;
//   - keeps the last /api/v1/snapshot it saw (network-first), so the data
//     survives offline even if local storage is cleared;
//   - serves other same-origin GETs cache-first.
//
// The template variables are go-app's: {{.Version}} and {{.ResourcesToCache}}.
const workerJS = `const cacheName = "app-" + "{{.Version}}";
const dataCache = "powerbrokers-data";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.map((key) => {
        if (key !== cacheName && key !== dataCache) {
          return caches.delete(key);
        }
      })))
      .then(() => self.clients.claim())
  );
});

async function shell() {
  const cache = await caches.open(cacheName);
  return (await cache.match(self.registration.scope)) ||
    (await cache.match(self.registration.scope.replace(/\/$/, "")));
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) {
      return cached;
    }
    const s = await shell();
    if (s) {
      return s;
    }
    throw err;
  }
}

async function snapshot(request) {
  const cache = await caches.open(dataCache);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request.url.split("?")[0], response.clone());
    }
    return response;
  } catch (err) {
    const cached = await cache.match(request.url.split("?")[0]);
    if (cached) {
      return cached;
    }
    throw err;
  }
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
    event.respondWith(navigate(request));
    return;
  }
  if (url.pathname.endsWith("/api/v1/snapshot")) {
    event.respondWith(snapshot(request));
    return;
  }
  if (url.pathname.includes("/api/")) {
    return;
  }
  event.respondWith(
    caches.match(request).then((response) => response || fetch(request))
  );
});
`
