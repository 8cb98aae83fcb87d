// Powerbrokers (web/wasm-worker.js, served from server/wasm_worker.js):
// compiles the app's WASM off the page's main thread. The page's start
// script (server/wasm_start.js) starts this worker and sends it the WASM's
// address; the worker fetches it (through the service worker, so offline
// too), compiles it as it streams in and posts the compiled module back,
// which the page then only has to instantiate.
//
// On a first visit the page also asks for a warm-up (see app/warm.go): the
// worker fetches the snapshot alongside the WASM and runs the app once with
// it (its start-up, and go-app's mount of the page in a stand-in document),
// so that V8 compiles here the functions the page's start-up calls; then it
// posts the snapshot back with the module.
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
// it went (status) and how far it got (reached, see app/warm.go). A failure
// only costs the page the compilations the worker did not do; a warm-up
// still running at the limit ends on its own (it mounts the page once) or
// with the worker.
async function warmUp(module, warm, snapshot) {
  const start = performance.now();
  let status = "ran past " + warm.limit + " ms";
  try {
    importScripts(warm.exec);
    const go = new Go();
    go.env = warm.env;
    go.exit = (code) => {
      status = code === 0 ? "done" : "exit code " + code;
      // The app's timers and promises still pending call into Go after it
      // has exited; wasm_exec.js would throw "Go program has already exited"
      // (an error in the console). They have nothing left to run.
      go._resume = () => {};
    };
    Object.assign(self, standInDOM());
    self.goappGetenv = (k) => warm.env[k];
    self.pbWarmPage = warm.page;
    self.pbWarmSnapshot = snapshot;
    self.pbAdoptBlocks = () => warm.blocks;
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await Promise.race([go.run(instance), new Promise((ok) => setTimeout(ok, warm.limit))]);
  } catch (err) {
    status = String(err);
  }
  return { status, reached: self.pbWarmReached || "", ms: Math.round(performance.now() - start) };
}

// standInDOM returns a document, and the storages, for the warm-up's mount
// of the page (app/warm.go): enough for go-app to build the page's nodes,
// set their attributes and listeners and swap them, which is the code the
// page's mount runs. Nothing is laid out or shown; what the page's own code
// asks of it beyond that (sizes, queries) finds nothing.
function standInDOM() {
  class Node {
    constructor(name, text = null) {
      this.localName = name;
      this.nodeName = this.tagName = name.toUpperCase();
      this.nodeValue = text; // null for an element
      this.childNodes = [];
      this.parentNode = null;
      this.attrs = new Map();
      this.style = { setProperty() {}, removeProperty() {}, getPropertyValue: () => "" };
      this.classList = { add() {}, remove() {}, toggle() {}, contains: () => false };
      this.dataset = {};
      this.value = "";
    }
    get firstChild() { return this.childNodes[0] || null; }
    get lastChild() { return this.childNodes[this.childNodes.length - 1] || null; }
    get children() { return this.childNodes.filter((n) => n.nodeValue === null); }
    get firstElementChild() { return this.children[0] || null; }
    get parentElement() { return this.parentNode; }
    get nextSibling() { return this.sibling(1); }
    get previousSibling() { return this.sibling(-1); }
    sibling(d) {
      const p = this.parentNode;
      return (p && p.childNodes[p.childNodes.indexOf(this) + d]) || null;
    }
    set innerHTML(html) {
      this.childNodes = [];
      const tag = /^\s*<([a-zA-Z][\w-]*)/.exec(html);
      this.appendChild(tag ? new Node(tag[1].toLowerCase()) : new Node("#text", String(html)));
    }
    get innerHTML() { return ""; }
    set innerText(text) { this.textContent = text; }
    set textContent(text) {
      this.childNodes = [];
      this.appendChild(new Node("#text", String(text)));
    }
    get textContent() { return ""; }
    setAttribute(k, v) { this.attrs.set(k, String(v)); }
    getAttribute(k) { return this.attrs.has(k) ? this.attrs.get(k) : null; }
    hasAttribute(k) { return this.attrs.has(k); }
    removeAttribute(k) { this.attrs.delete(k); }
    appendChild(c) { return this.insertBefore(c, null); }
    insertBefore(c, ref) {
      if (c.parentNode) {
        c.parentNode.removeChild(c);
      }
      const i = ref ? this.childNodes.indexOf(ref) : -1;
      this.childNodes.splice(i < 0 ? this.childNodes.length : i, 0, c);
      c.parentNode = this;
      return c;
    }
    removeChild(c) {
      const i = this.childNodes.indexOf(c);
      if (i >= 0) {
        this.childNodes.splice(i, 1);
      }
      c.parentNode = null;
      return c;
    }
    replaceChild(n, old) {
      this.insertBefore(n, old);
      return this.removeChild(old);
    }
    remove() { if (this.parentNode) this.parentNode.removeChild(this); }
    addEventListener() {}
    removeEventListener() {}
    querySelector() { return null; }
    querySelectorAll() { return []; }
    closest() { return null; }
    contains() { return false; }
    getBoundingClientRect() { return { x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0 }; }
    focus() {}
    blur() {}
    scrollIntoView() {}
  }
  const html = new Node("html");
  const head = html.appendChild(new Node("head"));
  const body = html.appendChild(new Node("body"));
  body.appendChild(new Node("div"));
  const document = {
    documentElement: html, head, body, activeElement: null, title: "", cookie: "", readyState: "complete", visibilityState: "visible",
    createElement: (tag) => new Node(String(tag).toLowerCase()),
    createElementNS: (ns, tag) => new Node(String(tag)),
    createTextNode: (text) => new Node("#text", String(text)),
    getElementById: () => null,
    querySelector: () => null,
    querySelectorAll: () => [],
    addEventListener() {},
    removeEventListener() {},
  };
  const storage = () => {
    const m = new Map();
    return {
      getItem: (k) => (m.has(k) ? m.get(k) : null),
      setItem: (k, v) => void m.set(k, String(v)),
      removeItem: (k) => void m.delete(k),
      clear: () => m.clear(),
      key: (i) => [...m.keys()][i] ?? null,
      get length() { return m.size; },
    };
  };
  return { document, localStorage: storage(), sessionStorage: storage() };
}
