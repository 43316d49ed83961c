// The newsletter in Chromium against the reference backend: a guest signs up in the footer (double
// opt-in: subscribed only from the mailed link), leaves from the unsubscribe link of a message without
// signing in, and undoes it; a member's profile agrees at once with what their link did. Opening the
// unsubscribe page changes nothing (only a button POSTs); a tampered or replaced link says so and changes
// nothing; the page loads no tracker and pushes no analytics event even for a shopper who accepted all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { ConsentSettings, stubTrackers } from './pages/consent.mjs';
import { Browser } from './support/browser.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

let trackerRequests;
const shop = useShop({ mail: true, setup: async ({ browser }) => {
  trackerRequests = await stubTrackers(browser.context);
} });

const GUEST = 'mina.guest@example.com';
const MEMBER_MOBILE = '09125550041';
const MEMBER_EMAIL = 'reza.member@example.ir';

/** The confirmation link (root-relative) of the newest sign-up mail to `address`, as the SMTP sink received it. */
async function mailedConfirmLink(address) {
  const message = await shop.mail.latest(address);
  const url = new URL(shop.mail.linkIn(message, '/newsletter/confirm?token='));
  assert.equal(url.origin, shop.backend.url, 'the mailed link is absolute, to the shop');
  return `${url.pathname}${url.search}`;
}

let issues = 0;
/**
 * The shop sends a newsletter issue to `list`'s confirmed subscribers (through the admin route, over SMTP);
 * the one that reached `address`, and its visible unsubscribe link (root-relative).
 */
async function newsletterTo(address, list = 'newsletter') {
  issues += 1;
  const subject = `تازه‌های کتاب، شمارهٔ ${issues}`;
  await shop.backend.sendIssue({ list, subject, text: 'کتاب‌های تازهٔ این هفته.' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const message = (await shop.mail.messages()).find((m) => m.subject === subject && JSON.stringify(m.to).includes(address));
    if (message) return { message, link: new URL(shop.mail.linkIn(message, '/unsubscribe/')).pathname };
    if (Date.now() > deadline) throw new Error(`issue ${subject} did not reach ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let guests = 0;
/** A new guest address, subscribed and confirmed through the API and the mailed link. */
async function confirmedGuest() {
  guests += 1;
  const address = `guest${guests}.${Date.now()}@example.com`;
  const post = (path, body) => fetch(`${shop.backend.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await post('/newsletter/subscribe', { email: address })).status, 202);
  const token = new URLSearchParams((await mailedConfirmLink(address)).split('?')[1]).get('token');
  assert.equal((await post('/newsletter/confirm', { token })).status, 200);
  return address;
}

/** What the backend says of a link now (a read, which changes nothing). */
async function linkState(link) {
  const response = await fetch(`${shop.backend.url}/api/v1${link}`);
  return { status: response.status, body: await response.json() };
}

/** The POSTs a page sends to the unsubscribe routes from now on. */
function unsubscribePosts(page) {
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/v1/unsubscribe/')) posts.push(request.url());
  });
  return posts;
}

/** The signed-in shopper's profile, as the backend has it. */
async function profile() {
  return shop.page.evaluate(async () => (await fetch('/api/v1/me')).json());
}

class UnsubscribePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { name: 'لغو عضویت', level: 1 });
    this.leave = page.getByRole('button', { name: 'لغو عضویت از این فهرست' });
    this.everything = page.getByRole('button', { name: 'لغو عضویت از همه' });
    this.undo = page.getByRole('button', { name: 'بازگرداندن عضویت در این فهرست' });
    this.status = page.getByRole('main').getByRole('status').filter({ hasText: /\S/ });
    this.alert = page.getByRole('main').getByRole('alert');
  }

  detail(term) {
    return this.page.locator('.unsubscribe__details dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  }
}

test('a guest signs up in the footer, confirms from the mail, leaves from the link without signing in, and undoes it', async () => {
  const { page } = shop;
  await shop.goto('/');
  const footer = page.getByRole('contentinfo');
  const email = footer.getByLabel('ایمیل برای خبرنامه');
  await email.fill('mina.guest@');
  await footer.getByRole('button', { name: 'عضویت در خبرنامه' }).click();
  await expect(footer.getByText('نشانی ایمیل معتبر نیست.')).toBeVisible();
  await expect(email).toHaveValue('mina.guest@');
  assert.equal((await shop.backend.outbox()).filter((m) => m.recipient === GUEST).length, 0, 'nothing sent for a wrong address');
  await assertNoViolations(page, 'the footer sign-up with an error');

  await email.fill('Mina.Guest@Example.com');
  await footer.getByRole('button', { name: 'عضویت در خبرنامه' }).click();
  await expect(footer.getByText('صندوق ایمیل خود را ببینید', { exact: false })).toBeVisible();
  await expect(footer.getByText('۴۸ ساعت', { exact: false })).toBeVisible();

  // double opt-in: only the confirmation was sent, and opening it subscribes
  const confirm = await mailedConfirmLink(GUEST);
  const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/v1/newsletter/confirm'));
  await shop.goto(confirm);
  await expect(page.getByRole('heading', { name: 'عضویت شما در خبرنامه تأیید شد.' })).toBeVisible();
  assert.ok(!page.url().includes('token'), `the token leaves the address bar: ${page.url()}`);
  const firstToken = (await (await confirmed).json()).token;
  const { message, link } = await newsletterTo(GUEST);
  assert.ok(message.headers['list-unsubscribe'], 'a newsletter carries List-Unsubscribe');
  assert.equal(link, `/unsubscribe/${firstToken}`, 'the mailed link carries the token the backend issued');

  // opened from the mail: what it is for, and nothing changed by opening it
  const posts = unsubscribePosts(page);
  await shop.goto(link);
  const unsubscribe = new UnsubscribePage(page);
  await expect(unsubscribe.heading).toBeVisible();
  await expect(unsubscribe.detail('فهرست')).toHaveText('خبرنامهٔ ایمیلی');
  await expect(unsubscribe.detail('نشانی')).toHaveText('m***@example.com');
  await expect(page.getByText('اکنون عضو این فهرست هستید.')).toBeVisible();
  assert.ok(new URL(page.url()).pathname === '/unsubscribe', `the token leaves the address bar: ${page.url()}`);
  assert.equal((await linkState(link)).body.subscribed, true);
  await assertNoViolations(page, 'the unsubscribe page');

  await unsubscribe.leave.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما لغو شد: خبرنامهٔ ایمیلی.');
  assert.equal((await linkState(link)).body.subscribed, false, 'one click unsubscribed');
  assert.equal(posts.length, 1, 'one POST, from the button');

  await unsubscribe.undo.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما در این فهرست بازگردانده شد.');
  assert.equal((await linkState(link)).status, 410, 'undo replaced the link');
  const { link: renewed } = await newsletterTo(GUEST);
  assert.equal((await linkState(renewed)).body.subscribed, true, 'subscribed again');
  // the page goes on with the new token
  await unsubscribe.leave.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما لغو شد: خبرنامهٔ ایمیلی.');
  assert.equal((await linkState(renewed)).body.subscribed, false);
  await unsubscribe.undo.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما در این فهرست بازگردانده شد.');
});

test('a member leaves the newsletter from their link in another browser; the profile shows it off at once, and undo on', async () => {
  const { page } = shop;
  await shop.goto('/account');
  await new SignInPage(page).withCode(shop.backend, MEMBER_MOBILE);
  const account = new AccountPage(page);
  await account.newEmail.fill(MEMBER_EMAIL);
  await account.sendEmailLink.click();
  await expect(account.proofNeeded).toBeVisible();
  await account.proveWithCode(shop.backend, MEMBER_MOBILE);
  await account.sendEmailLink.click();
  await expect(page.getByText(`در انتظار تأیید: ${MEMBER_EMAIL}`)).toBeVisible();
  await shop.goto(await shop.backend.confirmLink(MEMBER_EMAIL));
  await expect(page.getByRole('heading', { name: 'ایمیل شما تأیید شد و اکنون ایمیل رسمی حساب است.' })).toBeVisible();
  await shop.goto('/account');
  await account.newsletter.check();
  await account.save.click();
  await expect(account.saved).toBeVisible();

  // the mail is opened elsewhere (a phone's mail app), signed in to nothing
  const mailApp = new Browser(shop.backend);
  try {
    const other = await mailApp.open();
    await other.goto(`${shop.backend.url}${(await newsletterTo(MEMBER_EMAIL)).link}`);
    const unsubscribe = new UnsubscribePage(other);
    await expect(unsubscribe.detail('نشانی')).toHaveText('r***@example.ir');
    await unsubscribe.leave.click();
    await expect(unsubscribe.status).toHaveText('عضویت شما لغو شد: خبرنامهٔ ایمیلی.');

    await page.reload();
    await expect(page).toPass(async () => (await account.newsletter.isVisible()) && !(await account.newsletter.isChecked()));
    assert.equal((await profile()).newsletter, false, 'the profile agrees at once');

    await unsubscribe.undo.click();
    await expect(unsubscribe.status).toHaveText('عضویت شما در این فهرست بازگردانده شد.');
    await page.reload();
    await expect(page).toPass(async () => (await account.newsletter.isVisible()) && (await account.newsletter.isChecked()));
    assert.equal((await profile()).newsletter, true);
  } finally {
    await mailApp.close();
  }
  await page.getByRole('button', { name: 'خروج از حساب' }).click();
  await expect(new SignInPage(page).mobile).toBeVisible();
});

test('opening the unsubscribe page alone changes nothing: the page never POSTs on load', async () => {
  const { page } = shop;
  const { link } = await newsletterTo(await confirmedGuest());
  const posts = unsubscribePosts(page);
  await shop.goto(link);
  await expect(new UnsubscribePage(page).leave).toBeVisible();
  await page.reload(); // the address no longer holds the token: the page says to open the link again
  await expect(new UnsubscribePage(page).alert).toHaveText('این صفحه پیوند لغو عضویت را ندارد؛ پیوند پایین پیام را دوباره باز کنید. هیچ چیزی تغییر نکرد.');
  await shop.goto(link);
  await expect(new UnsubscribePage(page).leave).toBeVisible();
  assert.deepEqual(posts, []);
  assert.equal((await linkState(link)).body.subscribed, true, 'the subscription stays');
});

test('a tampered or replaced link says so clearly and changes nothing', async () => {
  const { page } = shop;
  const guest = await confirmedGuest();
  const { link: old } = await newsletterTo(guest);
  // leaving and coming back from the page replaces the mailed link with a new one
  await shop.goto(old);
  const page0 = new UnsubscribePage(page);
  await page0.leave.click();
  await expect(page0.status).toHaveText('عضویت شما لغو شد: خبرنامهٔ ایمیلی.');
  await page0.undo.click();
  await expect(page0.status).toHaveText('عضویت شما در این فهرست بازگردانده شد.');
  const { link } = await newsletterTo(guest);
  assert.notEqual(link, old);
  const last = link.at(-1) === '0' ? '1' : '0';
  const posts = unsubscribePosts(page);
  for (const bad of [`${link.slice(0, -1)}${last}`, '/unsubscribe/nonsense', link.replace(/\/(\d+)\./, (_, id) => `/${Number(id) + 1}.`)]) {
    await shop.goto(bad);
    const unsubscribe = new UnsubscribePage(page);
    await expect(unsubscribe.alert).toHaveText('این پیوند لغو عضویت معتبر نیست؛ هیچ چیزی تغییر نکرد.');
    await expect(unsubscribe.leave).toHaveCount(0);
    await expect(unsubscribe.everything).toHaveCount(0);
  }
  // the link from before the guest subscribed again
  await shop.goto(old);
  await expect(new UnsubscribePage(page).alert).toContainText('پیوند تازه‌ای جای آن را گرفته است');
  assert.deepEqual(posts, []);
  assert.equal((await linkState(link)).body.subscribed, true, 'nothing changed');
});

test('the unsubscribe page loads nothing from another host, no tracker and no analytics event, after accepting all', async () => {
  const { page } = shop;
  await shop.goto('/');
  const settings = new ConsentSettings(page);
  await settings.footerLink.click();
  await settings.acceptAll.click();
  await expect(settings.dialog).toBeHidden();
  await page.reload();
  await page.waitForFunction(() => (window.__trackersRan || []).length > 0);
  assert.ok(trackerRequests.length > 0, 'the catalog loads the accepted trackers (the check can see them)');

  trackerRequests.length = 0;
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const { link } = await newsletterTo(await confirmedGuest());
  await shop.goto(link);
  const unsubscribe = new UnsubscribePage(page);
  await expect(unsubscribe.leave).toBeVisible();
  await unsubscribe.leave.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما لغو شد: خبرنامهٔ ایمیلی.');
  await unsubscribe.undo.click();
  await expect(unsubscribe.status).toHaveText('عضویت شما در این فهرست بازگردانده شد.');
  assert.deepEqual(trackerRequests, [], 'no tracker requested');
  assert.deepEqual(requested.filter((u) => !u.startsWith(shop.backend.url) && !u.startsWith('data:')), [], 'nothing from another host');
  assert.equal(await page.locator('script[data-consent-service]').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__trackersRan ?? []), []);
  assert.deepEqual(await page.evaluate(() => JSON.parse(JSON.stringify(window.dataLayer ?? []))), [], 'no analytics event, no Consent Mode call');
  assert.equal(await page.getByRole('region', { name: 'حریم خصوصی شما' }).count(), 0, 'no banner either');
});

test("a mailbox provider's one-click POST, taken from the received message's headers, unsubscribes: 200, no redirect, no cookie", async () => {
  const guest = await confirmedGuest();
  const { message, link } = await newsletterTo(guest);
  assert.equal(message.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  const url = shop.mail.oneClickUrl(message);
  assert.equal(new URL(url).pathname, `/api/v1${link}`, 'the header and the visible link name the same subscription');
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('location'), null);
  assert.equal((await linkState(link)).body.subscribed, false, 'unsubscribed');
  const next = await shop.backend.sendIssue({ list: 'newsletter', subject: 'بعدی', text: 'بعدی' });
  assert.ok(!(await shop.mail.messages()).some((m) => m.subject === 'بعدی' && JSON.stringify(m.to).includes(guest)), `nothing more to ${guest}: ${JSON.stringify(next)}`);
});
