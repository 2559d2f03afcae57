// Runs the preview page's script (the <script> of whitepaper/preview/page.html.j2) against a small stand-in for a
// browser: sheets stacked down a page, a scroll position, session storage kept across reloads, a server
// answering /status. Reads a scenario as JSON on stdin, prints what happened as JSON.
//
// A scenario is a list of page loads; each names the sheets' tops (what stands above them differs: a list of
// problems, say), where the editor scrolls to, and the version the server reports next.
"use strict";
const vm = require("vm");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const storage = new Map();
const results = [];

async function load(visit) {
  const listeners = {};
  const timers = [];
  let scrollY = 0;
  let reloaded = false;
  const sheets = visit.sheets.map(([id, top, height]) => ({
    id, offsetTop: top, offsetHeight: height,
    getBoundingClientRect: () => ({top: top - scrollY, bottom: top + height - scrollY, height}),
  }));
  const window = {
    addEventListener: (name, listener) => { listeners[name] = listener; },
    scrollTo: (x, y) => { scrollY = y; },
  };
  const context = {
    window, history: {scrollRestoration: "auto"},
    document: {
      querySelectorAll: (selector) => (selector === ".sheet" ? sheets : []),
      getElementById: (id) => sheets.find((sheet) => sheet.id === id) || null,
      body: {classList: {toggle: () => {}}},
    },
    sessionStorage: {getItem: (key) => (storage.has(key) ? storage.get(key) : null),
                     setItem: (key, value) => storage.set(key, String(value))},
    location: {reload: () => { reloaded = true; }},
    fetch: async () => ({json: async () => ({version: visit.next_version, building: false})}),
    setTimeout: (callback) => timers.push(callback),
  };
  vm.runInNewContext(input.script.replace(/\{\{ *outcome\.version *\}\}/g, String(visit.version)), context);
  listeners.load && listeners.load();
  const restoredTo = scrollY;
  if (visit.scroll_to !== undefined) {
    scrollY = visit.scroll_to;
    listeners.scroll && listeners.scroll();
  }
  for (let polls = 0; !reloaded && timers.length && polls < 3; polls++) await timers.shift()();  // then it waits
  results.push({restored_to: restoredTo, reloaded});
}

(async () => {
  for (const visit of input.visits) await load(visit);
  process.stdout.write(JSON.stringify(results));
})();
