
// ---------------------------------------------------------------------------
// Powerbrokers: how the WASM starts (server/wasm_start.go patches go-app's
// code above to call pbInstantiate).
// ---------------------------------------------------------------------------

// pbInstantiate compiles the WASM at url off the main thread, in a worker
// (the page's start script, server/wasm_start.js, and web/wasm-worker.js),
// and instantiates it. Where the worker cannot do it, the page compiles the
// WASM itself, fed in slices.
async function pbInstantiate(url, imports) {
  let module;
  try {
    if (!self.pbCompileWASM) {
      throw new Error("the page has no WASM start script");
    }
    module = await pbCompileWASM(url, false, pbWarmUp());
  } catch (err) {
    console.warn("compiling the WASM in a worker failed; compiling it here:", err);
    module = WebAssembly.compileStreaming
      ? await WebAssembly.compileStreaming(pbSlicedWASM(url))
      : await WebAssembly.compile(await (await fetch(url)).arrayBuffer());
  }
  return { instance: await WebAssembly.instantiate(module, imports) };
}

// pbWarmUp asks the worker, on a first visit, to run the app once before
// it posts the compiled module (see app/warm.go): what the page, the page's
// environment and its prerendered blocks are, and where the snapshot is. A
// repeat visit (under the service worker) starts the compilation before
// app.js and does not wait for a warm-up.
function pbWarmUp() {
  const exec = document.querySelector('script[src$="/wasm_exec.js"]');
  if ((navigator.serviceWorker && navigator.serviceWorker.controller) || !exec) {
    return null;
  }
  return {
    page: location.href,
    env: goappEnv,
    exec: exec.src,
    blocks: (pbAdoptCollect(), pbAdoptBlocks()),
    snapshot: new URL(goappEnv.GOAPP_ROOT_PREFIX + "/api/v1/snapshot", location.href).href,
    // A slow device stops waiting here and compiles the rest itself (on a
    // laptop the warm-up takes ~1-1.5 s).
    limit: 2000,
  };
}

// pbSlicedWASM fetches the WASM for a compilation on the main thread and
// hands it to the compiler in slices of 128 KB, one task each: handed the
// whole response at once, Chromium decodes the module in two main-thread
// tasks of ~0.2 and ~0.4 s on a laptop (four times that on a phone).
async function pbSlicedWASM(url) {
  const res = await fetch(url);
  if (!res.ok || !res.body || !self.ReadableStream) {
    return res;
  }
  const reader = res.body.getReader();
  const slice = 128 * 1024;
  const body = new ReadableStream({
    async pull(ctl) {
      const { done, value } = await reader.read();
      if (done) {
        ctl.close();
        return;
      }
      for (let i = 0; i < value.length; i += slice) {
        ctl.enqueue(value.subarray(i, i + slice));
        await pbYield();
      }
    },
  });
  return new Response(body, { status: res.status, statusText: res.statusText, headers: { "Content-Type": "application/wasm" } });
}

// pbYield lets the browser run its waiting tasks (input, painting).
function pbYield() {
  return self.scheduler && scheduler.yield ? scheduler.yield() : new Promise((ok) => setTimeout(ok, 0));
}

// Adoption (app/adopt.go): the app's first render takes over blocks of the
// prerendered page (a chart, a table, a list: elements with data-pb, the id
// of what they show) instead of building and parsing them again. Where the
// block's content is already on the page, the app renders an empty
// placeholder, <tag data-pb-adopt="id"></tag>, and pbAdoptFill moves the
// content into it before the browser paints (a microtask): the block's
// attributes and children, from the prerendered element, or later from the
// placeholder that last held them.
const pbAdopt = { nodes: new Map(), queued: false };

// pbAdoptCollect notes the prerendered blocks; app.js calls it before Go runs.
function pbAdoptCollect() {
  for (const el of document.querySelectorAll("[data-pb]")) {
    pbAdopt.nodes.set(el.getAttribute("data-pb"), el);
  }
}

// pbAdoptBlocks lists the prerendered blocks as [id, tag] pairs; the app
// reads it once.
self.pbAdoptBlocks = () => Array.from(pbAdopt.nodes, ([id, el]) => [id, el.localName]);

// pbAdoptQueue fills the placeholders once the app's Go code has run.
self.pbAdoptQueue = () => {
  if (!pbAdopt.queued) {
    pbAdopt.queued = true;
    queueMicrotask(pbAdoptFill);
  }
};

function pbAdoptFill() {
  pbAdopt.queued = false;
  for (const el of document.querySelectorAll("[data-pb-adopt]")) {
    const id = el.getAttribute("data-pb-adopt");
    el.removeAttribute("data-pb-adopt");
    const src = pbAdopt.nodes.get(id);
    if (!src || src === el) {
      continue;
    }
    for (const a of src.attributes) {
      try {
        el.setAttribute(a.name, a.value);
      } catch (err) {
        console.warn("adopting block " + id + ": attribute " + a.name + ":", err);
      }
    }
    // A block shown twice at once is copied; otherwise its nodes move.
    el.append(...(src.isConnected ? src.cloneNode(true) : src).childNodes);
    pbAdopt.nodes.set(id, el);
  }
}
