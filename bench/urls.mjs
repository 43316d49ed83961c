// Every address the benchmark opens, built in one place: the storefront's pages (the paths of
// src/routes.rs), what the harness serves beside them under /bench/ (the static snapshots it captures,
// the vanilla-JS twin in bench/twin/, a host page embedding the widget) and the reference API.

/** Where the harness's own files go inside the served directory (and so under the shop's origin). */
export const BENCH_PREFIX = 'bench';

/** The pages measured against their snapshot and in Lighthouse; `cart` opens with an item in it. */
export const PAGES = ['catalog', 'product', 'cart'];

export class Site {
  constructor(origin) {
    this.origin = origin;
  }

  /** The storefront's own page: `catalog` (with a listing `query`), `product` (`slug`), `cart`, `checkout`. */
  app(page, { slug, query } = {}) {
    const path = {
      catalog: `/${search(query)}`,
      product: `/product/${encodeURIComponent(slug ?? '')}`,
      cart: '/cart',
      checkout: '/checkout',
    }[page];
    if (path === undefined) throw new Error(`no storefront page ${page}`);
    return `${this.origin}${path}`;
  }

  /** The static snapshot of a page, as the harness wrote it (see `snapshotFile`). */
  snapshot(page) {
    return `${this.origin}/${snapshotFile(page)}`;
  }

  /** The vanilla-JS twin showing `view` (`catalog`, `product`, `cart`) with the same `slug` or `query`. */
  twin(view, { slug, query } = {}) {
    return `${this.origin}/${BENCH_PREFIX}/twin/index.html${search({ view, slug, ...query })}`;
  }

  /** A page on the shop's origin with one product placeholder of the widget. */
  widgetHost() {
    return `${this.origin}/${BENCH_PREFIX}/widget.html`;
  }

  /** An empty page on the shop's origin, for writing its storage before a measured load. */
  blank() {
    return `${this.origin}/${BENCH_PREFIX}/blank.html`;
  }

  api(path) {
    return `${this.origin}/api/v1${path}`;
  }
}

/** The snapshot's path inside the served directory. */
export function snapshotFile(page) {
  return `${BENCH_PREFIX}/snapshot/${page}.html`;
}

function search(params = {}) {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)]))}`;
}

/** The site of one run with its fixtures: the product the product page shows, the item the cart and checkout hold. */
export class Fixtures extends Site {
  constructor(origin, product) {
    super(origin);
    this.product = product;
    this.cart = [{ product_id: product.id, quantity: 1 }];
  }

  app(page, { slug = this.product.slug, query } = {}) {
    return super.app(page, { slug, query });
  }

  twin(view, { slug = this.product.slug, query } = {}) {
    return super.twin(view, { slug: view === 'product' ? slug : undefined, query });
  }

  /** What localStorage holds as the cart when `page` opens: the item for the cart and checkout, else nothing. */
  cartFor(page) {
    return ['cart', 'checkout'].includes(page) ? this.cart : null;
  }
}
