// Injected by the harness into each page it measures, before the page's own scripts (playwright's
// addInitScript): records the first contentful paint, the largest contentful paint and Event Timing
// entries (durationThreshold 16, the lowest the browser takes), and times an input to the next paint:
// `__bench.arm(types, until)` waits for the next event of those types and resolves `__bench.pending`
// with `nextPaint`, the milliseconds from the event's timestamp to the first frame after it (a task
// posted from requestAnimationFrame runs once that frame is painted), and `shown`, those to the first
// frame after the page shows what `until` describes (null without it). It also keeps the app's wasm
// memory, whose size the heap measurement reports beside the JS heap.
(() => {
  const bench = { fcp: null, lcp: null, lcpTag: null, events: [], pending: null, wasmMemory: null };
  Object.defineProperty(window, '__bench', { value: bench });
  // Trunk's start-up script announces the instantiated wasm; its linear memory is outside the JS heap
  addEventListener('TrunkApplicationStarted', (event) => {
    bench.wasmMemory = event.detail?.wasm?.memory ?? null;
  });

  const observe = (options, record) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({ buffered: true, ...options });
    } catch {
      // an entry type this browser does not know: that figure stays null
    }
  };
  observe({ type: 'paint' }, (entry) => {
    if (entry.name === 'first-contentful-paint') bench.fcp = entry.startTime;
  });
  observe({ type: 'largest-contentful-paint' }, (entry) => {
    bench.lcp = entry.startTime;
    bench.lcpTag = entry.element ? entry.element.tagName.toLowerCase() + (entry.element.className ? `.${entry.element.className}` : '') : null;
  });
  observe({ type: 'event', durationThreshold: 16 }, (entry) => {
    bench.events.push({ name: entry.name, duration: entry.duration, startTime: entry.startTime, interactionId: entry.interactionId });
  });

  const afterNextPaint = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });

  /** Whether the page shows `until`: `count` elements match `selector`, the first reading `firstText`. */
  const shows = ({ selector, count, firstText }) => {
    const found = document.querySelectorAll(selector);
    return found.length === count && (firstText === undefined || found[0].textContent.trim() === firstText);
  };

  const whenShown = (until) =>
    new Promise((resolve) => {
      if (shows(until)) return resolve();
      const watch = new MutationObserver(() => {
        if (shows(until)) {
          watch.disconnect();
          resolve();
        }
      });
      watch.observe(document, { subtree: true, childList: true, characterData: true });
    });

  bench.arm = (types, until = null) => {
    bench.pending = new Promise((resolve) => {
      const on = (event) => {
        for (const type of types) removeEventListener(type, on, true);
        const since = (end) => end - event.timeStamp;
        const paint = afterNextPaint().then(since);
        const shown = until ? whenShown(until).then(afterNextPaint).then(since) : Promise.resolve(null);
        Promise.all([paint, shown]).then(([nextPaint, untilShown]) => resolve({ nextPaint, shown: untilShown }));
      };
      for (const type of types) addEventListener(type, on, true);
    });
  };
})();
