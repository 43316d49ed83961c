// Checkout in Chromium against the reference backend: orders to self, to someone else with an
// individual invoice, and to a company; field errors for Persian-digit input; a double click and a
// lost response each make exactly one order; the draft survives a reload and is kept on failure.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { Header, ProductPage, faPrice } from './pages/storefront.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
const placed = [];

const BUYER = { firstName: 'سارا', lastName: 'احمدی', mobile: '۰۹۱۲ ۳۴۵ ۶۷۸۹' };
const SHIRAZ = { province: 'fars', city: 'شیراز', street: 'خیابان زند، کوچهٔ ۱۲', plate: '۱۴', postalCode: '۷۱۳۴۸۹۷۶۵۱' };

function inStockProducts(n) {
  return shop.backend.stockedProducts(n);
}

async function fillCart(products) {
  for (const product of products) {
    await shop.goto(`/product/${product.slug}`);
    await new ProductPage(shop.page).add(1);
  }
  await new Header(shop.page).cartLink.click();
  await shop.page.getByRole('link', { name: 'تسویه حساب' }).click();
}

/** One product in an otherwise empty cart, the buyer and a Shiraz address filled in, the review shown. */
async function readyToOrder() {
  const [product] = await inStockProducts(1);
  await shop.page.evaluate(() => localStorage.removeItem('pishkhan.cart.v1'));
  await fillCart([product]);
  const checkout = new CheckoutPage(shop.page);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  await checkout.reviewed();
  return checkout;
}

async function placeAndConfirm(checkout) {
  await checkout.reviewed();
  await checkout.placeOrder.click();
  const confirmation = new ConfirmationPage(shop.page);
  await expect(confirmation.heading).toBeVisible();
  const number = (await confirmation.number.textContent()).trim();
  placed.push(number);
  return { confirmation, number };
}

async function storedOrder(number) {
  const orders = await shop.backend.orders();
  const order = orders.find((o) => o.number === number);
  assert.ok(order, `the backend holds order ${number}`);
  return order;
}

test('a guest orders for themself; the draft survives a reload; cart and draft are cleared after', async () => {
  const { page } = shop;
  const [product] = await inStockProducts(1);
  await fillCart([product]);
  const checkout = new CheckoutPage(page);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);

  await page.reload();
  await expect(checkout.firstName).toHaveValue(BUYER.firstName);
  await expect(checkout.address.city).toHaveValue(SHIRAZ.city);
  await expect(checkout.address.postalCode).toHaveValue(SHIRAZ.postalCode);

  await expect(checkout.shipping('پست پیشتاز')).toBeVisible();
  await expect(page.getByRole('radio', { name: /پیک موتوری/ })).toHaveCount(0);
  await checkout.reviewed();
  await assertNoViolations(page, 'the checkout form');
  const { confirmation, number } = await placeAndConfirm(checkout);
  await expect(confirmation.status).toHaveText('پرداخت شده');
  await assertNoViolations(page, 'the order confirmation');
  await expect(confirmation.recipient).toContainText('سارا احمدی — 09123456789');
  await expect(confirmation.address).toContainText('فارس، شیراز');
  await expect(confirmation.invoice).toHaveText('بدون فاکتور رسمی');
  await expect(confirmation.total).toHaveText(faPrice(product.price + 49000));

  const order = await storedOrder(number);
  assert.equal(order.status, 'paid');
  assert.equal(order.contact.mobile, '09123456789');
  assert.equal(order.address.postal_code, '7134897651');
  assert.deepEqual(order.recipient, { kind: 'buyer' });
  assert.deepEqual(order.lines.map((l) => [l.product_id, l.quantity]), [[product.id, 1]]);

  await new Header(page).expectCartUnits(0);
  const storage = await page.evaluate(() => ({ local: { ...localStorage }, session: Object.keys(sessionStorage) }));
  assert.ok(!storage.session.includes('pishkhan.checkout-draft.v1'), 'the draft is cleared');
  assert.ok(!JSON.stringify(storage.local).includes('0912'), 'no personal data in localStorage');
  assert.ok(!page.url().includes('0912') && !page.url().includes('%'), 'no personal data in the URL');
});

test('someone else receives the order, with an individual invoice', async () => {
  const { page } = shop;
  const [a, b] = await inStockProducts(2);
  await fillCart([a, b]);
  const checkout = new CheckoutPage(page);
  await checkout.fillBuyer(BUYER);
  await checkout.someoneElse.check();
  await checkout.recipientFirstName.fill('مریم');
  await checkout.recipientLastName.fill('کریمی');
  await checkout.recipientMobile.fill('+98 935 111 2233');
  await checkout.address.fill({ province: 'tehran', city: 'تهران', street: 'خیابان ولیعصر، ساختمان نگین', plate: '۳۲۰', unit: '۷', postalCode: '۱۴۱۵۹۶۳۷۴۱' });
  await checkout.individual.check();
  await checkout.fullName.fill('سارا احمدی');
  await checkout.nationalCode.fill('۰۰۶۷۷۴۹۸۲۸');
  await checkout.shipping('پیک موتوری').check();
  await expect(page.getByTestId('review-shipping')).toHaveText(faPrice(65000));

  const { confirmation, number } = await placeAndConfirm(checkout);
  await expect(confirmation.recipient).toContainText('مریم کریمی — 09351112233');
  await expect(confirmation.invoice).toContainText('کد ملی: 0067749828');
  const order = await storedOrder(number);
  assert.deepEqual(order.recipient, { kind: 'someone_else', first_name: 'مریم', last_name: 'کریمی', mobile: '09351112233' });
  assert.deepEqual(order.invoice, { kind: 'individual', full_name: 'سارا احمدی', national_code: '0067749828' });
  assert.equal(order.shipping_method.id, 'courier');
  assert.equal(order.address.unit, '7');
});

test('a company orders with an official invoice to a different address', async () => {
  const { page } = shop;
  const [product] = await inStockProducts(1);
  await fillCart([product]);
  const checkout = new CheckoutPage(page);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  await checkout.legalEntity.check();
  await checkout.companyName.fill('شرکت کتاب‌گستر پارس');
  await checkout.economicCode.fill('۱۰۳۸۰۲۸۴۷۹۰');
  await checkout.legalNationalId.fill('۱۰۳۸۰۲۸۴۷۹۰');
  await checkout.registrationNumber.fill('۱۲۳۴۵');
  await checkout.separateInvoiceAddress.check();
  await checkout.invoiceAddress.fill({ province: 'isfahan', city: 'اصفهان', street: 'خیابان چهارباغ', plate: '۸', postalCode: '۸۱۳۶۷۳۹۹۱۴' });

  const { confirmation, number } = await placeAndConfirm(checkout);
  await expect(confirmation.invoice).toContainText('شرکت کتاب‌گستر پارس');
  const order = await storedOrder(number);
  assert.equal(order.invoice.kind, 'legal_entity');
  assert.equal(order.invoice.national_id, '10380284790');
  assert.equal(order.invoice.registration_number, '12345');
  assert.equal(order.invoice.invoice_address.city, 'اصفهان');
  assert.equal(order.invoice.invoice_address.postal_code, '8136739914');
});

test('a bad national code and postal code typed in Persian digits show errors at their fields', async () => {
  const { page } = shop;
  const [product] = await inStockProducts(1);
  await fillCart([product]);
  const checkout = new CheckoutPage(page);
  const ordersBefore = (await shop.backend.orders()).length;
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill({ ...SHIRAZ, postalCode: '۱۲۳۴۵' });
  await checkout.individual.check();
  await checkout.fullName.fill('سارا احمدی');
  await checkout.nationalCode.fill('۱۲۳۴۵۶۷۸۹۰');
  await checkout.nationalCode.blur();

  await expect(checkout.errorOf(checkout.address.postalCode)).toHaveText('کد پستی باید ۱۰ رقمِ معتبر باشد.');
  await expect(checkout.errorOf(checkout.nationalCode)).toHaveText('کد ملی معتبر نیست.');
  assert.equal(await checkout.nationalCode.getAttribute('aria-invalid'), 'true');

  await checkout.reviewed();
  await checkout.placeOrder.click();
  await expect(checkout.errorSummary).toContainText('کد ملی: کد ملی معتبر نیست.');
  await assertNoViolations(page, 'the checkout form with errors');
  await expect(checkout.errorSummary).toContainText('کد پستی ۱۰ رقمی: کد پستی باید ۱۰ رقمِ معتبر باشد.');
  assert.equal((await shop.backend.orders()).length, ordersBefore, 'nothing was sent');

  await checkout.nationalCode.fill('۰۰۶۷۷۴۹۸۲۸');
  await checkout.address.postalCode.fill(SHIRAZ.postalCode);
  await expect(checkout.errorOf(checkout.nationalCode)).toHaveText('');
  await placeAndConfirm(checkout);
});

test("the backend's field errors land on the same fields", async () => {
  const { page } = shop;
  const checkout = await readyToOrder();
  // The browser's copy of the rules could be outdated; the backend checks again on submit.
  await page.route('**/api/v1/orders', async (route) => {
    const body = JSON.parse(route.request().postData());
    body.address.postal_code = '0000000000';
    await route.continue({ postData: JSON.stringify(body) });
  });
  await checkout.placeOrder.click();
  await expect(checkout.errorOf(checkout.address.postalCode)).toHaveText('کد پستی باید ۱۰ رقمِ معتبر باشد.');
  await expect(checkout.errorSummary).toContainText('کد پستی ۱۰ رقمی');
  await page.unroute('**/api/v1/orders');
  await checkout.address.postalCode.fill(SHIRAZ.postalCode);
  await expect(checkout.errorOf(checkout.address.postalCode)).toHaveText('');
  await placeAndConfirm(checkout);
});

test('a double click on "place order" makes one order', async () => {
  const { page } = shop;
  const checkout = await readyToOrder();
  const before = (await shop.backend.orders()).length;
  await checkout.placeOrder.dblclick();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.heading).toBeVisible();
  placed.push((await confirmation.number.textContent()).trim());
  assert.equal((await shop.backend.orders()).length, before + 1);
});

test('a lost answer to "place order" is retried with the same key: one order, no error shown', async () => {
  const { page } = shop;
  const checkout = await readyToOrder();
  let lost = 0;
  const keys = [];
  await page.route('**/api/v1/orders', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (lost === 0) {
      lost += 1;
      await route.fetch(); // the backend places the order...
      return route.abort('connectionreset'); // ...but the shopper never hears back
    }
    return route.continue();
  });
  await checkout.placeOrder.click();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.heading).toBeVisible();
  placed.push((await confirmation.number.textContent()).trim());
  assert.equal(keys.length, 2, 'tried again once');
  assert.equal(keys[0], keys[1], 'with the same idempotency key');
  await page.unroute('**/api/v1/orders');
});

test('answers to "place order" lost every time: the form is kept and the shopper\'s retry makes one order', async () => {
  const { page } = shop;
  const checkout = await readyToOrder();
  const before = (await shop.backend.orders()).length;
  await page.route('**/api/v1/orders', async (route) => {
    await route.fetch(); // the backend places the order (once; later tries replay it)...
    return route.abort('connectionreset'); // ...but the shopper never hears back
  });
  await checkout.placeOrder.click();
  await expect(page.getByRole('alert').filter({ hasText: 'ارتباط با فروشگاه برقرار نشد' })).toBeVisible();
  await expect(page.getByText('اطلاعاتی که وارد کرده‌اید محفوظ است.')).toBeVisible();
  await expect(checkout.firstName).toHaveValue(BUYER.firstName);
  await expect(checkout.address.postalCode).toHaveValue(SHIRAZ.postalCode);
  assert.equal((await shop.backend.orders()).length, before + 1, 'the lost attempts made one order');
  await page.unroute('**/api/v1/orders');

  await checkout.retry.click();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.heading).toBeVisible();
  placed.push((await confirmation.number.textContent()).trim());
  assert.equal((await shop.backend.orders()).length, before + 1, 'the retry returned the same order');
});

test('stock sold to someone else meanwhile sends the shopper back to a clear review', async () => {
  const { page } = shop;
  const { items } = await shop.backend.api('/products?per_page=100&sort=price_asc');
  let scarce;
  for (const item of items) {
    const product = await shop.backend.api(`/products/${item.slug}`);
    if (product.stock >= 2 && product.stock <= 3) {
      scarce = product;
      break;
    }
  }
  assert.ok(scarce, 'a product with little stock');
  await fillCart([scarce]);
  await page.getByRole('link', { name: 'سبد خرید' }).first().click();
  const quantity = page.getByRole('textbox', { name: `تعداد — ${scarce.title}` });
  await quantity.fill(String(scarce.stock));
  await quantity.press('Enter');
  await page.getByRole('link', { name: 'تسویه حساب' }).click();
  const checkout = new CheckoutPage(page);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  await checkout.reviewed();

  // Another shopper buys one unit first.
  const review = await shop.backend.api('/checkout/review', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: [{ product_id: scarce.id, quantity: 1 }], province: 'tehran' }),
  });
  const other = await fetch(`${shop.backend.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'someone-else-1' },
    body: JSON.stringify({
      items: [{ product_id: scarce.id, quantity: 1 }],
      contact: { first_name: 'علی', last_name: 'رضایی', mobile: '09121112233', email: '' },
      recipient: { kind: 'buyer' },
      address: { province: 'tehran', city: 'تهران', street: 'خیابان آزادی', plate: '1', unit: '', postal_code: '1415963741', notes: '' },
      invoice: { kind: 'none' },
      shipping_method: review.shipping_method,
      expected_total: review.total,
    }),
  });
  assert.equal(other.status, 201);
  placed.push((await other.json()).number);

  await checkout.placeOrder.click();
  await expect(page.getByText('قیمت یا موجودی برخی کالاها تغییر کرد و سفارش ثبت نشد.')).toBeVisible();
  await expect(page.getByText('برخی کالاهای سبد تغییر کرده‌اند.')).toBeVisible();
  await expect(checkout.firstName).toHaveValue(BUYER.firstName);
  assert.ok(page.url().endsWith('/checkout'), 'still on checkout');
});

// After every test, whichever order they run in: the backend holds exactly the orders placed, none
// twice and none that a test did not make.
afterEach(async () => {
  const numbers = (await shop.backend.orders()).map((o) => o.number);
  assert.deepEqual(numbers.sort(), [...placed].sort(), 'the backend holds exactly the orders placed');
});

test('a payment redirect is followed only to https or the shop itself', async () => {
  const { page } = shop;
  for (const redirect of ['javascript:window.__hijacked = true', 'http://gateway.example/pay?id=1', '//gateway.example/pay']) {
    const checkout = await readyToOrder();
    await page.route('**/api/v1/orders/*/payment', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'awaiting_payment', redirect_url: redirect }) }),
    );
    const { confirmation } = await placeAndConfirm(checkout);
    await expect(confirmation.status).toHaveText('در انتظار پرداخت');
    assert.equal(new URL(page.url()).origin, shop.url, `${redirect} was not followed`);
    assert.equal(await page.evaluate(() => window.__hijacked), undefined, `${redirect} ran nothing`);
    await page.unroute('**/api/v1/orders/*/payment');
  }
  assert.deepEqual(shop.browser.foreignRequests, [], 'no request left for the gateway');

  // an https gateway is followed (the browser's request to it is refused here: no host but the shop's)
  const checkout = await readyToOrder();
  await page.route('**/api/v1/orders/*/payment', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'awaiting_payment', redirect_url: 'https://gateway.example/pay?id=2' }) }),
  );
  const before = new Set((await shop.backend.orders()).map((o) => o.number));
  await checkout.reviewed();
  await checkout.placeOrder.click();
  await expect(page).toPass(async () => shop.browser.foreignRequests.includes('https://gateway.example/pay?id=2'));
  await expect(page).toPass(async () => !page.url().startsWith(shop.url));
  placed.push(...(await shop.backend.orders()).map((o) => o.number).filter((n) => !before.has(n)));
  await page.unroute('**/api/v1/orders/*/payment');
  shop.browser.foreignRequests.length = 0;
  await shop.goto('/');
});
