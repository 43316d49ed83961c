// The cart tells the shopper, line by line, when a price changed or stock ran short or out since the
// item was added — priced by the real backend from the ids and quantities the browser kept.
import { test } from 'node:test';
import { expect } from './pages/expect.mjs';
import { CartPage, ProductPage, faPrice } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

async function productWhere(predicate) {
  const { items } = await shop.backend.api('/products?per_page=100');
  for (const item of items) {
    const product = await shop.backend.api(`/products/${item.slug}`);
    if (predicate(product)) return product;
  }
  throw new Error('no product in the seed matches');
}

test('changed price, short stock and sold-out lines get clear notices; totals count what can be bought', async () => {
  const { page } = shop;
  const plenty = await productWhere((p) => p.stock >= 10);
  const scarce = await productWhere((p) => p.stock > 0 && p.stock <= 3);
  const soldOut = await productWhere((p) => p.stock === 0);

  // The shopper saw `plenty` at a lower price earlier in this tab; since then it went up.
  await shop.goto(`/product/${plenty.slug}`);
  await new ProductPage(page).add(1);
  await page.evaluate(({ id, price, more }) => {
    sessionStorage.setItem('pishkhan.seen-prices.v1', JSON.stringify({ [id]: price }));
    const cart = JSON.parse(localStorage.getItem('pishkhan.cart.v1'));
    localStorage.setItem('pishkhan.cart.v1', JSON.stringify([...cart, ...more]));
  }, {
    id: plenty.id,
    price: plenty.price - 1000,
    more: [
      { product_id: scarce.id, quantity: scarce.stock + 2 },
      { product_id: soldOut.id, quantity: 1 },
      { product_id: 999999, quantity: 1 },
    ],
  });

  await shop.goto('/cart');
  const cart = new CartPage(page);
  await expect(cart.lines).toHaveCount(4);
  await expect(cart.line(plenty.title)).toContainText(
    `قیمت این کالا از ${faPrice(plenty.price - 1000)} به ${faPrice(plenty.price)} تغییر کرده است.`,
  );
  await expect(cart.line(scarce.title)).toContainText('موجود است؛ جمع برای همین تعداد حساب شده.');
  await expect(cart.line(soldOut.title)).toContainText('این کالا ناموجود شده است و در جمع حساب نمی‌شود.');
  await expect(cart.lines.nth(3)).toContainText('این کالا دیگر در فروشگاه نیست.');
  await expect(cart.subtotal).toHaveText(faPrice(plenty.price + scarce.price * scarce.stock));

  await cart.remove(soldOut.title);
  await cart.remove('این کالا دیگر در فروشگاه نیست.');
  await expect(cart.lines).toHaveCount(2);
  await expect(cart.subtotal).toHaveText(faPrice(plenty.price + scarce.price * scarce.stock));
});
