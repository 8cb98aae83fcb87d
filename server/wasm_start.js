// Powerbrokers: compiles the app's WASM in a worker (web/wasm-worker.js),
// off the page's main thread, and hands the compiled module to app.js
// (patched by server/wasm_start.go: pbInstantiate), which only instantiates
// it. The server writes this script into every page's head (its CSP allows
// it by its hash).
//
// On a repeat visit (the page is under the service worker, which holds the
// WASM) it starts the compilation at once, while the page itself is parsed
// and painted. On a first visit app.js starts it after the page's first
// paint, so that the 2 MB download does not compete with the page's own
// content.

self.pbCompileWASM = (() => {
  "use strict";
  const started = new Map();
  const workerLinger = 60 * 1000;

  const compile = (href, warm) => new Promise((resolve, reject) => {
    if (!self.Worker || !WebAssembly.compileStreaming) {
      reject(new Error("this browser has no Worker or WebAssembly.compileStreaming"));
      return;
    }
    const worker = new Worker(new URL("wasm-worker.js", href));
    const done = (settle, value) => {
      worker.terminate();
      settle(value);
    };
    worker.onmessage = (e) => {
      if (e.data && e.data.module) {
        // "pb-wasm-compiled": when the module came, and how the warm-up went.
        performance.mark("pb-wasm-compiled", { detail: { warmed: e.data.warmed || null } });
        const warmed = e.data.warmed;
        if (warmed && (warmed.status !== "done" || warmed.reached !== "mounted")) {
          console.warn("web/wasm-worker.js: the warm-up", warmed.status, "after", warmed.reached || "nothing");
        }
        if (e.data.snapshot) {
          self.pbWarmSnapshot = e.data.snapshot; // app/warm.go takes it
        }
        // The worker stays a while: ended at once, the page's main thread
        // then did ~1 s more work in Lighthouse's phone run (compilation
        // the worker had started, we believe, is lost with it).
        setTimeout(() => worker.terminate(), workerLinger);
        resolve(e.data.module);
      } else {
        done(reject, new Error((e.data && e.data.error) || "no module"));
      }
    };
    worker.onmessageerror = () => done(reject, new Error("the compiled module could not be received"));
    worker.onerror = (e) => {
      e.preventDefault();
      done(reject, new Error("web/wasm-worker.js: " + (e.message || "failed to start")));
    };
    worker.postMessage({ href, warm });
  });

  // Compiles the WASM at url once, however often it is asked for. The
  // mark "pb-wasm-compile" tells when it started, and whether before app.js.
  return (url, early = false, warm = null) => {
    const href = new URL(url, location.href).href;
    if (!started.has(href)) {
      performance.mark("pb-wasm-compile", { detail: { early } });
      started.set(href, compile(href, warm));
    }
    return started.get(href);
  };
})();

(() => {
  "use strict";
  const script = document.currentScript;
  if (script && script.dataset.wasm && navigator.serviceWorker && navigator.serviceWorker.controller) {
    // A failure is app.js's to handle: it compiles the WASM itself then.
    self.pbCompileWASM(script.dataset.wasm, true).catch(() => {});
  }
})();
