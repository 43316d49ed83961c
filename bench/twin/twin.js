// The benchmark's vanilla-JS twin of the storefront's catalog, product and cart pages (never shipped):
// it calls the same REST API, keeps the cart in the same localStorage key and renders the same markup
// with the same stylesheet, so the harness can set what the Leptos app costs per interaction and per
// rendered card beside what plain DOM code costs. No framework, no build step; Persian only. Served by
// the harness at /bench/twin/index.html?view=catalog|product|cart (with the page's own query).
const API = '/api/v1';
const CART_KEY = 'pishkhan.cart.v1';
const SEEN_PRICES_KEY = 'pishkhan.seen-prices.v1';
const MAX_LINE_QUANTITY = 99;
const SORTS = [['newest', 'جدیدترین'], ['price_asc', 'ارزان‌ترین'], ['price_desc', 'گران‌ترین'], ['popular', 'پرفروش‌ترین']];
const LISTING_KEYS = ['q', 'category', 'sort', 'page', 'per_page'];

const digits = new Intl.NumberFormat('fa-IR');
const number = (n) => digits.format(n);
const price = (n) => `${number(n)} تومان`;

/** An element: `attrs` are attributes (`class`, `on…` listeners, `prop:…` properties), then children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key.startsWith('prop:')) el[key.slice(5)] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

async function api(path, init = {}) {
  const response = await fetch(`${API}${path}`, {
    ...init,
    headers: { 'X-Requested-With': 'pishkhan', ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

const stored = (storage, key, fallback) => {
  try {
    return JSON.parse(storage.getItem(key)) ?? fallback;
  } catch {
    return fallback;
  }
};

/** The cart: `[{ product_id, quantity }]` in localStorage, written through on every change. */
const cart = {
  items: stored(localStorage, CART_KEY, []),
  save() {
    localStorage.setItem(CART_KEY, JSON.stringify(this.items));
    showUnits();
  },
  quantityOf(id) {
    return this.items.find((i) => i.product_id === id)?.quantity ?? 0;
  },
  set(id, quantity) {
    const q = Math.min(quantity, MAX_LINE_QUANTITY);
    const line = this.items.find((i) => i.product_id === id);
    if (q === 0) this.items = this.items.filter((i) => i.product_id !== id);
    else if (line) line.quantity = q;
    else this.items.push({ product_id: id, quantity: q });
    this.save();
  },
  units() {
    return this.items.reduce((n, i) => n + i.quantity, 0);
  },
};

function noteSeenPrice(id, unitPrice) {
  const seen = stored(sessionStorage, SEEN_PRICES_KEY, {});
  seen[id] = unitPrice;
  sessionStorage.setItem(SEEN_PRICES_KEY, JSON.stringify(seen));
}

function showUnits() {
  const units = cart.units();
  const badge = document.querySelector('.cart-link__badge');
  badge.hidden = units === 0;
  badge.textContent = number(units);
  document.querySelector('[data-testid="cart-count"]').textContent = `${number(units)} کالا در سبد`;
}

/** The −/+ stepper around a quantity field, as common/quantity.rs renders it. */
function quantityInput({ value, label, onChange }) {
  const set = (n) => onChange(Math.max(1, Math.min(n, MAX_LINE_QUANTITY)));
  const minus = h('button', { type: 'button', class: 'quantity__step', 'aria-label': 'یکی کمتر', onclick: () => set(current - 1) }, '−');
  const field = h('input', { class: 'quantity__input', type: 'text', inputmode: 'numeric', 'aria-label': label });
  const plus = h('button', { type: 'button', class: 'quantity__step', 'aria-label': 'یکی بیشتر', onclick: () => set(current + 1) }, '+');
  let current = value;
  const show = (n) => {
    current = n;
    field.value = number(n);
    minus.disabled = n <= 1;
    plus.disabled = n >= MAX_LINE_QUANTITY;
  };
  field.addEventListener('change', () => {
    const n = Number.parseInt(field.value.trim().replace(/[۰-۹]/g, (d) => d.charCodeAt(0) - 0x06f0).replace(/[٠-٩]/g, (d) => d.charCodeAt(0) - 0x0660), 10);
    if (Number.isNaN(n)) show(current);
    else set(n);
  });
  show(value);
  return { el: h('div', { class: 'quantity' }, minus, field, plus), show };
}

// ---- catalog -------------------------------------------------------------------------------------

function listingQuery(params) {
  const query = {};
  for (const key of LISTING_KEYS) if (params.get(key)) query[key] = params.get(key);
  return query;
}

function twinHref(view, params) {
  const search = new URLSearchParams({ view, ...params });
  return `${location.pathname}?${search}`;
}

function productCard(p) {
  return h('li', {}, h('article', { class: 'product-card' },
    h('a', { href: `/product/${encodeURIComponent(p.slug)}`, class: 'product-card__link' },
      // `loading` before `src`: set the other way round, the image is fetched at once
      h('img', { class: 'product-card__image', loading: 'lazy', src: p.image_url, alt: '', width: 300, height: 400 }),
      h('h2', { class: 'product-card__title' }, p.title)),
    h('p', { class: 'product-card__byline' }, p.byline),
    h('p', { class: 'product-card__price' }, price(p.price)),
    !p.in_stock && h('p', { class: 'badge badge--muted' }, 'ناموجود')));
}

function pagination(page, pages, query) {
  if (pages <= 1) return null;
  const link = (n, rel, text) => h('a', { class: 'button', rel, href: twinHref('catalog', { ...query, page: n }), onclick: follow }, text);
  return h('nav', { class: 'pagination', 'aria-label': 'صفحه‌ها' },
    page > 1 && link(page - 1, 'prev', 'صفحهٔ قبل'),
    h('span', { 'aria-current': 'page' }, `صفحهٔ ${number(page)} از ${number(pages)}`),
    page < pages && link(page + 1, 'next', 'صفحهٔ بعد'));
}

/** A click on one of the listing's own links: shown here without a reload, at the top, as the app's router does. */
function follow(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', event.currentTarget.href);
  scrollTo(0, 0);
  catalog.load(listingQuery(new URL(location.href).searchParams));
}

const catalog = {
  listing: null,
  select: null,
  sort: null,
  latest: 0,

  render(main, query) {
    this.select = h('select', { onchange: () => this.change({ category: this.select.value || undefined }) },
      h('option', { value: '' }, 'همه دسته‌ها'));
    this.sort = h('select', { onchange: () => this.change({ sort: this.sort.value === 'newest' ? undefined : this.sort.value }) },
      SORTS.map(([value, label]) => h('option', { value, selected: (query.sort ?? 'newest') === value }, label)));
    this.listing = h('div', { hidden: true });
    main.replaceChildren(h('section', { class: 'catalog', 'aria-labelledby': 'catalog-heading' },
      h('h1', { id: 'catalog-heading' }, query.q ? `نتایج جستجو برای «${query.q}»` : 'همه کالاها'),
      h('div', { class: 'filters' },
        h('label', { class: 'field' }, h('span', { class: 'field__label' }, 'دسته‌بندی'), this.select),
        h('label', { class: 'field' }, h('span', { class: 'field__label' }, 'مرتب‌سازی'), this.sort))));
    api('/categories').then((categories) => {
      this.select.append(...categories.map((c) => h('option', { value: c.slug, selected: c.slug === query.category }, c.name_fa)));
      this.select.value = query.category ?? '';
    });
    this.load(query);
  },

  /** A new filter or sort, from page one: a new address and a new listing. */
  change(edit) {
    const query = { ...listingQuery(new URL(location.href).searchParams), ...edit };
    delete query.page;
    for (const key of Object.keys(query)) if (query[key] === undefined) delete query[key];
    history.pushState(null, '', twinHref('catalog', query));
    this.load(query);
  },

  /** Shows the listing of `query` once it arrives; the one on screen stays until then. */
  async load(query) {
    const asked = ++this.latest;
    const page = await api(`/products?${new URLSearchParams(query)}`);
    if (asked !== this.latest) return;
    const pages = Math.max(1, Math.ceil(page.total / Math.max(1, page.per_page)));
    const section = document.querySelector('.catalog');
    for (const old of section.querySelectorAll('.catalog__count, .catalog__empty, .product-grid, .pagination')) old.remove();
    const shown = [
      h('p', { class: 'catalog__count', role: 'status' }, `${number(page.total)} کالا`),
      page.items.length === 0 && h('p', { class: 'catalog__empty' }, 'کالایی با این مشخصات پیدا نشد.'),
      h('ul', { class: 'product-grid', 'aria-labelledby': 'catalog-heading' }, page.items.map(productCard)),
      pagination(page.page, pages, query),
    ];
    section.append(...shown.filter(Boolean));
  },
};

// ---- product -------------------------------------------------------------------------------------

function stockNote(stock) {
  if (stock === 0) return 'ناموجود';
  if (stock <= 5) return `تنها ${number(stock)} عدد باقی مانده`;
  return 'موجود';
}

async function productPage(main, slug) {
  const p = await api(`/products/${encodeURIComponent(slug)}`);
  let quantity = 1;
  const added = h('p', { class: 'product__added', role: 'status' });
  const stepper = quantityInput({
    value: quantity,
    label: `تعداد — ${p.title}`,
    onChange: (n) => {
      quantity = n;
      stepper.show(n);
      added.replaceChildren();
    },
  });
  const add = () => {
    noteSeenPrice(p.id, p.price);
    cart.set(p.id, cart.quantityOf(p.id) + quantity);
    added.replaceChildren('به سبد خرید اضافه شد.', ' ', h('a', { href: '/cart' }, 'مشاهدهٔ سبد خرید'));
  };
  main.replaceChildren(h('article', { class: 'product' },
    h('img', { class: 'product__image', src: p.image_url, alt: '', width: 300, height: 400 }),
    h('div', { class: 'product__facts' },
      h('h1', {}, p.title),
      h('p', { class: 'product__byline' }, p.byline),
      h('p', { class: 'product__price' }, price(p.price)),
      h('p', { class: p.stock === 0 ? 'badge badge--muted' : 'badge' }, stockNote(p.stock)),
      p.stock > 0 && h('div', { class: 'product__buy' }, stepper.el, h('button', { type: 'button', class: 'button button--primary', onclick: add }, 'افزودن به سبد خرید')),
      added,
      h('div', { class: 'product__description' }, p.description.split('\n\n').map((para) => h('p', {}, para))))));
}

// ---- cart ----------------------------------------------------------------------------------------

const STATUS_NOTES = {
  out_of_stock: () => 'این کالا ناموجود شده است و در جمع حساب نمی‌شود.',
  unavailable: () => 'این کالا دیگر در فروشگاه نیست.',
  limited_stock: (line) => `تنها ${number(line.available_quantity)} عدد از این کالا موجود است؛ جمع برای همین تعداد حساب شده.`,
  price_changed: (line) => `قیمت این کالا از ${price(line.product.previous_unit_price)} به ${price(line.product.unit_price)} تغییر کرده است.`,
};

const cartPage = {
  lines: new Map(),
  latest: 0,

  render(main) {
    const section = h('section', { class: 'cart', 'aria-labelledby': 'cart-heading' }, h('h1', { id: 'cart-heading' }, 'سبد خرید'));
    main.replaceChildren(section);
    if (cart.units() === 0) {
      section.append(h('p', {}, 'سبد خرید شما خالی است.'), h('a', { href: '/', class: 'button' }, 'ادامهٔ خرید'));
      return;
    }
    this.list = h('ul', { class: 'cart__lines', 'aria-label': 'کالاهای سبد' });
    this.subtotal = h('strong', { 'data-testid': 'cart-subtotal' });
    this.requote(section);
  },

  /** Prices the cart; the lines on screen stay (keyed by product) and take the new figures. */
  async requote(section) {
    const asked = ++this.latest;
    const seen = stored(sessionStorage, SEEN_PRICES_KEY, {});
    const items = cart.items.map((i) => ({ product_id: i.product_id, quantity: i.quantity, ...(seen[i.product_id] ? { seen_unit_price: seen[i.product_id] } : {}) }));
    const quote = await api('/cart/quote', { method: 'POST', body: JSON.stringify({ items }) });
    if (asked !== this.latest) return;
    const seenNow = stored(sessionStorage, SEEN_PRICES_KEY, {});
    for (const line of quote.lines) if (line.product) seenNow[line.product_id] = line.product.unit_price;
    sessionStorage.setItem(SEEN_PRICES_KEY, JSON.stringify(seenNow));
    if (section) {
      section.append(this.list,
        h('p', { class: 'cart__total' }, h('span', {}, 'جمع سبد خرید'), ' ', this.subtotal),
        h('div', { class: 'cart__actions' }, h('a', { href: '/checkout', class: 'button button--primary' }, 'تسویه حساب'), h('a', { href: '/', class: 'button' }, 'ادامهٔ خرید')));
    }
    const ids = new Set(quote.lines.map((l) => l.product_id));
    for (const [id, line] of this.lines) if (!ids.has(id)) { line.el.parentElement.remove(); this.lines.delete(id); }
    for (const line of quote.lines) {
      if (!this.lines.has(line.product_id)) {
        const made = this.line(line);
        this.lines.set(line.product_id, made);
        this.list.append(h('li', {}, made.el));
      }
      this.lines.get(line.product_id).update(line);
    }
    this.subtotal.textContent = price(quote.subtotal);
  },

  line(first) {
    const id = first.product_id;
    const title = first.product?.title ?? 'این کالا دیگر در فروشگاه نیست.';
    const stepper = quantityInput({
      value: cart.quantityOf(id),
      label: `تعداد — ${title}`,
      onChange: (n) => {
        cart.set(id, n);
        stepper.show(n);
        this.requote();
      },
    });
    const unitPrice = document.createTextNode('');
    const total = h('strong', { class: 'cart-line__total' });
    const remove = () => {
      cart.set(id, 0);
      if (cart.units() === 0) this.render(document.getElementById('main'));
      else this.requote();
    };
    const notice = h('p', { class: 'cart-line__notice', role: 'note' });
    const facts = first.product && h('div', { class: 'cart-line__facts' },
      h('h2', { class: 'cart-line__title' }, h('a', { href: `/product/${encodeURIComponent(first.product.slug)}` }, first.product.title)),
      h('p', {}, 'قیمت واحد', ': ', unitPrice));
    const el = h('article', { class: 'cart-line', 'data-product-id': id },
      first.product && h('img', { class: 'cart-line__image', src: first.product.image_url, alt: '', width: 75, height: 100 }),
      facts,
      h('div', { class: 'cart-line__actions' },
        first.status !== 'unavailable' && stepper.el,
        h('button', { type: 'button', class: 'button button--quiet', 'aria-label': `حذف — ${title}`, onclick: remove }, 'حذف'),
        total));
    return {
      el,
      update(line) {
        el.classList.toggle('cart-line--problem', line.status !== 'ok');
        unitPrice.data = price(line.product?.unit_price ?? 0);
        total.textContent = price(line.line_total);
        const text = STATUS_NOTES[line.status]?.(line);
        notice.textContent = text ?? '';
        if (text && !notice.isConnected) facts ? facts.after(notice) : el.prepend(notice);
        if (!text) notice.remove();
      },
    };
  },
};

// ---- start ---------------------------------------------------------------------------------------

function show() {
  const params = new URL(location.href).searchParams;
  const main = document.getElementById('main');
  const view = params.get('view') ?? 'catalog';
  if (view === 'product') productPage(main, params.get('slug') ?? '');
  else if (view === 'cart') cartPage.render(main);
  else catalog.render(main, listingQuery(params));
}

addEventListener('popstate', () => catalog.load(listingQuery(new URL(location.href).searchParams)));
showUnits();
show();
