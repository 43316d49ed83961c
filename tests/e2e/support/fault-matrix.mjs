// The fault matrix: every endpoint the storefront calls × every fault the proxy can inject. Each
// endpoint says how to arrange the page, what the shopper does, what a failure must look like, how
// the shopper retries and what "healed" means. The tries the proxy saw under a persistent fault are
// checked too: reads (and keyed writes) are tried three times, other writes once.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from '../pages/expect.mjs';
import { AccountPage, SignInPage } from '../pages/account.mjs';
import { FAULTS } from './faults.mjs';

/** The Persian message each fault must show (a 409 the endpoint does not expect reads as a contract break). */
export const MESSAGE = {
  500: 'فروشگاه در حال حاضر پاسخ نمی‌دهد',
  503: 'فروشگاه در حال حاضر پاسخ نمی‌دهد',
  slow: 'ارتباط با فروشگاه برقرار نشد',
  reset: 'ارتباط با فروشگاه برقرار نشد',
  malformed: 'پاسخ فروشگاه قابل خواندن نبود',
  409: 'پاسخ فروشگاه قابل خواندن نبود',
};
/** How many tries a persistent fault sees: reads (and keyed writes) three, other writes one. */
const TRIES = { safe: { 500: 3, 503: 3, slow: 3, reset: 3, malformed: 1, 409: 1 }, once: Object.fromEntries(FAULTS.map((f) => [f, 1])) };

/** Registers one test per endpoint × fault. Before each the proxy is healed, and forwards from a new
 * client address (so the backend's per-address limits on codes see one shopper per case). */
export function faultMatrix(shop, endpoints) {
  beforeEach(() => {
    shop.faults.heal();
    shop.faults.nextClient();
  });
  for (const endpoint of endpoints) {
    for (const fault of FAULTS) {
      test(`${endpoint.name} (${endpoint.method} ${endpoint.path}) × ${fault}`, () => withMessagesOnFailure(shop, async () => {
        // The tries counted are those made under the fault: from arranging on for a fault set first.
        let before = shop.faults.count(endpoint.method, endpoint.path);
        if (endpoint.faultFirst) shop.faults.fail(endpoint.method, endpoint.path, fault);
        await endpoint.arrange(fault);
        if (!endpoint.faultFirst) before = shop.faults.count(endpoint.method, endpoint.path);
        shop.faults.fail(endpoint.method, endpoint.path, fault);
        if (endpoint.act) await endpoint.act(fault);
        await endpoint.failed(fault);
        const tries = shop.faults.count(endpoint.method, endpoint.path) - before;
        assert.equal(tries, TRIES[endpoint.repeat][fault], `tries of ${endpoint.method} ${endpoint.path} under ${fault}`);
        shop.faults.heal();
        await endpoint.retry(fault);
        await endpoint.healed(fault);
      }));
    }
  }
}

/** Runs `body`; if it fails, the error also says what the page was telling the shopper. */
async function withMessagesOnFailure(shop, body) {
  try {
    await body();
  } catch (error) {
    const shown = await shop.page
      .locator('[role="alert"], [role="status"], .form-message, .field__error')
      .allInnerTexts()
      .catch(() => []);
    error.message += `\npage ${shop.page.url()} showed: ${JSON.stringify(shown.filter((t) => t.trim()))}`;
    throw error;
  }
}

/** The page helpers the endpoints of one file share. */
export function shopHelpers(shop) {
  const helpers = {
    /** The alert that shows `fault`'s message. */
    alert: (fault) => shop.page.getByRole('alert').filter({ hasText: MESSAGE[fault] }),
    /** A form's own message line showing `fault`'s message. */
    formMessage: (fault) => shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] }),
    retryIn: (locator) => locator.getByRole('button', { name: 'تلاش دوباره' }),

    async cartUnits() {
      return shop.page.evaluate(() => JSON.parse(localStorage.getItem('pishkhan.cart.v1') || '[]').reduce((n, i) => n + i.quantity, 0));
    },

    /** A guest's browser (no session, no account cart) whose cart holds `items`; the next page load reads it. */
    async guestCart(items) {
      await shop.browser.context.clearCookies();
      await shop.page.evaluate((cart) => {
        localStorage.removeItem('pishkhan.cart-is-account.v1');
        localStorage.removeItem('pishkhan.cart-unsaved.v1');
        localStorage.setItem('pishkhan.cart.v1', JSON.stringify(cart));
      }, items);
    },

    /** A JSON request from the page, as the storefront sends it (so the session cookie and the
     * cross-site marker go with it); the answer's status and body. */
    async fetchJson(method, path, body, headers = {}) {
      return shop.page.evaluate(async ({ method, path, body, headers }) => {
        const response = await fetch(path, {
          method,
          headers: { 'content-type': 'application/json', 'x-requested-with': 'pishkhan', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      }, { method, path, body, headers });
    },
  };

  let product;
  /** A product with stock to spare (the cheapest such). */
  helpers.stockedProduct = async () => {
    if (product) return product;
    const { items } = await shop.backend.api('/products?per_page=100&sort=price_asc');
    for (const item of items) {
      const p = await shop.backend.api(`/products/${item.slug}`);
      if (p.stock >= 50) return (product = p);
    }
    throw new Error('no product with stock to spare');
  };
  /** One unit of that product in a guest's cart. */
  helpers.oneInCart = async () => {
    await helpers.guestCart([{ product_id: (await helpers.stockedProduct()).id, quantity: 1 }]);
  };

  /** The usual failure: a notice with the fault's message, and its retry button. */
  helpers.NOTICE_WITH_RETRY = {
    async failed(fault) {
      await expect(helpers.alert(fault)).toBeVisible();
    },
    async retry(fault) {
      await helpers.retryIn(helpers.alert(fault)).click();
    },
  };

  // Codes are rate-limited per address, so each account signs in once and its session cookie is kept
  // and brought back rather than signing in for every case.
  const sessions = new Map();
  /** The account `mobile`, signed in with an empty cart, on its account page. A new account gets `password`
   * (its session confirming it's the owner by a code to the mobile first, so it stays confirmed a while). */
  helpers.signedIn = async (mobile, password) => {
    await helpers.guestCart([]);
    if (!sessions.has(mobile)) {
      await shop.goto('/account');
      await new SignInPage(shop.page).withCode(shop.backend, mobile);
      sessions.set(mobile, (await shop.browser.context.cookies()).find((c) => /^(__Host-)?pishkhan_session$/.test(c.name)));
      if (password) {
        // Through the API, not the form: this only sets the stage, and under the faults' short client
        // deadline a password hash on a busy machine could miss it.
        assert.equal((await helpers.fetchJson('POST', '/api/v1/me/proof-code')).status, 202);
        const proof = await helpers.fetchJson('POST', '/api/v1/me/proof', { code: await shop.backend.lastCode(mobile) });
        assert.equal(proof.status, 200);
        assert.equal((await helpers.fetchJson('PUT', '/api/v1/me/password', { new_password: password })).status, 200);
      }
    } else {
      await shop.browser.context.addCookies([sessions.get(mobile)]);
    }
    assert.equal((await helpers.fetchJson('PUT', '/api/v1/me/cart', [])).status, 200);
    await shop.goto('/account');
    await new AccountPage(shop.page).signedIn();
  };
  /** Forgets the kept session of `mobile` (it ended, or the account is gone). */
  helpers.forgetSession = (mobile) => sessions.delete(mobile);

  return helpers;
}
