// The main thread's share, app against the vanilla-JS twin (bench/twin/), with the CPU slowed 4× and
// the network not (these time rendering, not transfer): input to next paint for adding to the cart, a
// quantity step and a category change; rendering a full page of product cards; and, for the app
// alone, the JS heap after 1 and after 50 route changes made by clicking its links.
import { faNumber, faPrice } from '../tests/e2e/pages/storefront.mjs';
import { CPU_ONLY } from './chromium.mjs';
import { open, READY } from './loads.mjs';
import { ratio, summary } from './stats.mjs';

const UNTHROTTLED = { cpu: 1 };
/** Inputs timed in each tab; a run opens one tab per interaction and variant. */
const INPUTS_PER_TAB = 4;
const VARIANTS = ['app', 'twin'];
/** The interactions timed, as `interactions()` reports them. */
export const INTERACTIONS = ['addToCart', 'quantity', 'category'];

/** A page of the app or the twin, loaded unthrottled (a guest who declined the privacy banner), then slowed. */
async function ready(chromium, fixtures, variant, page, { query, cart } = {}) {
  const url = variant === 'app' ? fixtures.app(page, { query }) : fixtures.twin(page, { query });
  const tab = await open(chromium, url, READY[page], { throttle: UNTHROTTLED, cart: cart ?? fixtures.cartFor(page) });
  if (variant === 'app') {
    await tab.page.getByRole('button', { name: 'رد همه', exact: true }).click();
    await tab.page.getByRole('heading', { name: 'حریم خصوصی شما' }).waitFor({ state: 'detached' });
  }
  await tab.throttle(CPU_ONLY);
  await tab.page.waitForTimeout(300);
  return tab;
}

/** The listing's total as the catalog's count line reads it, e.g. «۲۱۰ کالا». */
const countLine = (total) => `${faNumber(total)} کالا`;

/**
 * The interactions, each a function of a ready tab that performs one timed input and waits until the
 * page has settled after it; `i` counts the inputs in the tab.
 */
async function interactionPlan(fixtures, api) {
  const { product } = fixtures;
  const all = await api('/products');
  const categories = await api('/categories');
  const first = categories[0];
  const filtered = await api(`/products?category=${encodeURIComponent(first.slug)}`);
  return {
    addToCart: {
      page: 'product',
      async input(tab, i) {
        const button = tab.page.getByRole('button', { name: 'افزودن به سبد خرید' });
        const result = await tab.timeInput(['click'], () => button.click());
        await tab.page.getByTestId('cart-count').filter({ hasText: `${faNumber(i + 1)} کالا در سبد` }).waitFor();
        return result;
      },
    },
    quantity: {
      page: 'cart',
      async input(tab, i) {
        const up = i % 2 === 0;
        const button = tab.page.getByRole('button', { name: up ? 'یکی بیشتر' : 'یکی کمتر' });
        const result = await tab.timeInput(['click'], () => button.click());
        await tab.page.getByTestId('cart-subtotal').filter({ hasText: faPrice(product.price * (up ? 2 : 1)) }).waitFor();
        return result;
      },
    },
    category: {
      page: 'catalog',
      // ArrowDown on the closed select picks the first category, ArrowUp «all categories» again
      async input(tab, i) {
        const down = i % 2 === 0;
        await tab.page.getByLabel('دسته‌بندی').focus();
        const shown = { selector: READY.catalog, count: 1, firstText: countLine(down ? filtered.total : all.total) };
        return tab.timeInput(['keydown'], () => tab.page.keyboard.press(down ? 'ArrowDown' : 'ArrowUp'), shown);
      },
    },
  };
}

/** p75 of each interaction in the app and the twin, their ratio, and what Event Timing saw. */
export async function interactions(chromium, fixtures, api, runs, log) {
  const plan = await interactionPlan(fixtures, api);
  const samples = Object.fromEntries(INTERACTIONS.map((k) => [k, { app: [], twin: [] }]));
  for (let run = 0; run < runs; run += 1) {
    for (const name of INTERACTIONS) {
      const { page, input } = plan[name];
      for (const variant of run % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
        const tab = await ready(chromium, fixtures, variant, page);
        for (let i = 0; i < INPUTS_PER_TAB; i += 1) samples[name][variant].push(await input(tab, i));
        await tab.close();
      }
      const last = (v) => samples[name][v].slice(-INPUTS_PER_TAB).map((s) => Math.round(s.nextPaint)).join(', ');
      log(`interactions ${run + 1}/${runs} ${name}: app ${last('app')} ms; twin ${last('twin')} ms`);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, { app, twin }]) => {
    const side = (list) => ({
      nextPaint: summary(list.map((s) => s.nextPaint)),
      shown: summary(list.map((s) => s.shown)),
      eventTiming: { over16: list.filter((s) => s.eventTiming.length > 0).length, of: list.length, durations: summary(list.flatMap((s) => s.eventTiming)) },
    });
    const a = side(app);
    const t = side(twin);
    return [name, { app: a, twin: t, ratio: ratio(a.nextPaint, t.nextPaint, 'p75') }];
  }));
}

/** The most cards one page of the listing may hold: `per_page`'s maximum in the backend's OpenAPI document. */
async function listingCap(api) {
  const doc = await api('/openapi.json');
  const listing = Object.entries(doc.paths).find(([path]) => path.endsWith('/products'))?.[1];
  const perPage = listing?.get?.parameters?.find((p) => p.name === 'per_page');
  return perPage?.schema?.maximum ?? null;
}

/**
 * Rendering a page of cards: the catalog at the most cards a page may hold, then "next page" and
 * "previous page" timed from the click to the paint that shows the new page's cards in full.
 */
export async function cards(chromium, fixtures, api, runs, log) {
  const wanted = 1000;
  const cap = (await listingCap(api)) ?? wanted;
  const perPage = Math.min(wanted, cap);
  const [one, two] = [await api(`/products?per_page=${perPage}`), await api(`/products?per_page=${perPage}&page=2`)];
  const shown = (page) => ({ selector: '.product-card__title', count: page.items.length, firstText: page.items[0]?.title });
  const count = Math.min(one.items.length, two.items.length);
  const samples = { app: [], twin: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const variant of run % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const tab = await ready(chromium, fixtures, variant, 'catalog', { query: { per_page: perPage } });
      const next = await tab.timeInput(['click'], () => tab.page.locator('a[rel="next"]').click(), shown(two));
      await tab.page.locator('a[rel="prev"]').waitFor();
      const back = await tab.timeInput(['click'], () => tab.page.locator('a[rel="prev"]').click(), shown(one));
      samples[variant].push(next.shown, back.shown);
      await tab.close();
    }
    log(`cards ${run + 1}/${runs}: app ${samples.app.slice(-2).map(Math.round).join(', ')} ms; twin ${samples.twin.slice(-2).map(Math.round).join(', ')} ms`);
  }
  const app = summary(samples.app);
  const twin = summary(samples.twin);
  const note = perPage < wanted
    ? `The API caps per_page at ${cap} (its OpenAPI document; core::catalog::MAX_PER_PAGE), so neither the app nor the twin can show ${wanted.toLocaleString('en')} cards on one page: measured ${count} cards, the most a page holds (the seed has ${one.total} products).`
    : null;
  return { wanted, cards: count, perPage, note, app, twin, ratio: ratio(app, twin) };
}

/**
 * The app's JS heap (`Runtime.getHeapUsage` after `HeapProfiler.collectGarbage`) after route changes
 * made by clicking its links, in a 7-step cycle — catalog → product A → cart → catalog → product B →
 * catalog → product C → catalog — so that the 1st, 8th … 50th change all land on product A.
 */
export async function heap(chromium, fixtures, api, runs, log) {
  const listing = await api('/products');
  const [a, b, c] = listing.items.slice(0, 3);
  const toProduct = (p) => ({
    name: p.slug,
    click: (page) => page.locator('.product-card__link', { hasText: p.title }).first().click(),
    shown: (page) => page.locator('.product h1', { hasText: p.title }).waitFor(),
  });
  const toCatalog = { name: 'catalog', click: (page) => page.locator('a.site-header__brand').click(), shown: (page) => page.locator(READY.catalog).waitFor() };
  const toCart = { name: 'cart', click: (page) => page.locator('a.cart-link').click(), shown: (page) => page.locator('#cart-heading').waitFor() };
  const cycle = [toProduct(a), toCart, toCatalog, toProduct(b), toCatalog, toProduct(c), toCatalog];
  const changes = 50;
  const points = [];
  for (let run = 0; run < runs; run += 1) {
    const tab = await ready(chromium, fixtures, 'app', 'catalog');
    await tab.throttle(UNTHROTTLED);
    const seen = {};
    for (let change = 1; change <= changes; change += 1) {
      const step = cycle[(change - 1) % cycle.length];
      await step.click(tab.page);
      await step.shown(tab.page);
      if ((change - 1) % cycle.length === 0) {
        await tab.page.waitForLoadState('networkidle');
        seen[change] = await tab.heapAfterGc();
      }
    }
    points.push(seen);
    await tab.close();
    log(`heap ${run + 1}/${runs}: JS ${(seen[1].js / 1024).toFixed(0)} KB after 1 change, ${(seen[changes].js / 1024).toFixed(0)} KB after ${changes}; wasm memory ${seen[1].wasm} B, ${seen[changes].wasm} B`);
  }
  const at = (change, key) => summary(points.map((p) => p[change][key]));
  const after1 = at(1, 'js');
  const after50 = at(changes, 'js');
  const curve = Object.fromEntries(Object.keys(points[0]).map((k) => [k, at(k, 'js').median]));
  const wasm = { after1: at(1, 'wasm'), after50: at(changes, 'wasm') };
  return { changes, cycle: cycle.map((s) => s.name), after1, after50, ratio: ratio(after50, after1), curve, wasm };
}
