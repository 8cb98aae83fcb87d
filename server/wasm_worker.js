// Powerbrokers (web/wasm-worker.js, served from server/wasm_worker.js):
// compiles the app's WASM off the page's main thread. The page's start
// script (server/wasm_start.js) starts this worker and sends it the WASM's
// address; the worker fetches it (through the service worker, so offline
// too), compiles it as it streams in and posts the compiled module back,
// which the page then only has to instantiate.
self.onmessage = async (event) => {
  try {
    const response = await fetch(event.data);
    if (!response.ok) {
      throw new Error(event.data + ": " + response.status + " " + response.statusText);
    }
    self.postMessage({ module: await WebAssembly.compileStreaming(response) });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
