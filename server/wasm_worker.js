// Powerbrokers (web/wasm-worker.js, served from server/wasm_worker.js):
// compiles the app's WASM off the page's main thread. The page's start
// script (server/wasm_start.js) starts this worker and sends it the WASM's
// address; the worker fetches it (through the service worker, so offline
// too), compiles it as it streams in and posts the compiled module back,
// which the page then only has to instantiate.
//
// On a first visit the page also asks for a warm-up (see app/warm.go): the
// worker fetches the snapshot alongside the WASM, runs the app once with it
// (its start-up and the page's first render), so that V8 compiles here the
// functions the page's start-up calls, and posts the snapshot back with the
// module.
self.onmessage = async (event) => {
  const { href, warm } = event.data;
  try {
    const snapshot = warm ? fetchSnapshot(warm.snapshot) : null;
    const response = await fetch(href);
    if (!response.ok) {
      throw new Error(href + ": " + response.status + " " + response.statusText);
    }
    const module = await WebAssembly.compileStreaming(response);
    if (!warm) {
      self.postMessage({ module });
      return;
    }
    const snap = await snapshot;
    const warmed = await warmUp(module, warm, snap);
    self.postMessage({ module, snapshot: snap, warmed }, snap ? [snap.bytes] : []);
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};

// fetchSnapshot returns the snapshot at url as { bytes, etag }, or null.
async function fetchSnapshot(url) {
  try {
    const res = await fetch(url);
    return res.ok ? { bytes: await res.arrayBuffer(), etag: res.headers.get("ETag") || "" } : null;
  } catch {
    return null;
  }
}

// warmUp runs the app in this worker with the page's address, environment,
// prerendered blocks and snapshot, for at most warm.limit ms, and tells how
// it went. A failure only costs the page the compilations the worker did
// not do; a warm-up still running at the limit ends on its own (it renders
// once) or with the worker.
async function warmUp(module, warm, snapshot) {
  const start = performance.now();
  let status = "ran past " + warm.limit + " ms";
  try {
    importScripts(warm.exec);
    const go = new Go();
    go.env = warm.env;
    go.exit = (code) => {
      status = code === 0 ? "done" : "exit code " + code;
    };
    self.goappGetenv = (k) => warm.env[k];
    self.pbWarmPage = warm.page;
    self.pbWarmSnapshot = snapshot;
    self.pbAdoptBlocks = () => warm.blocks;
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await Promise.race([go.run(instance), new Promise((ok) => setTimeout(ok, warm.limit))]);
  } catch (err) {
    status = String(err);
  }
  return { status, ms: Math.round(performance.now() - start) };
}
