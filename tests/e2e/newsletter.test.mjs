// The newsletter in Chromium against the reference backend: a guest signs up in the footer (double
// opt-in: subscribed only from the mailed link), leaves from the unsubscribe link of a message without
// signing in, and undoes it; a member's profile agrees at once with what their link did. Opening the
// unsubscribe page changes nothing (only a button POSTs); a tampered or replaced link says so and changes
// nothing; the page loads no tracker and pushes no analytics event even for a shopper who accepted all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { ConsentSettings, stubTrackers } from './pages/consent.mjs';
import { Browser } from './support/browser.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

let trackerRequests;
const shop = useShop({ setup: async ({ browser }) => {
  trackerRequests = await stubTrackers(browser.context);
} });

const GUEST = 'mina.guest@example.com';
const MEMBER_MOBILE = '09125550041';
const MEMBER_EMAIL = 'reza.member@example.ir';

/** The newest mail to `address` with a link to `path`: that link, root-relative. */
async function mailedLink(address, path) {
  const mail = (await shop.backend.outbox()).filter((m) => m.channel === 'email' && m.recipient === address).at(-1);
  const match = mail?.body.match(new RegExp(`(?:https?://[^/\\s]+)?(${path.replace('?', '\\?')}[\\w.-]+)`));
  if (!match) throw new Error(`no ${path} link was mailed to ${address}`);
  return match[1];
}

/**
 * The unsubscribe link of a newsletter to `address` on `list` (root-relative).
 * FOR NOW: no newsletter can be sent yet, so this makes the link such a mail would carry, as the backend
 * signs it (`<subscription id>.<generation>.<first 32 hex of HMAC-SHA256("unsubscribe\n{id}\n{generation}")>`
 * under the server's key, read with the subscription from the backend's SQLite file). Once the shop can
 * send a newsletter into the SMTP sink, this reads the link out of the received mail instead.
 */
function newsletterUnsubscribeLink(address, list = 'newsletter') {
  const quoted = address.replaceAll("'", "''");
  const row = sql(`SELECT s.id || '.' || s.token_generation FROM subscriptions s LEFT JOIN users u ON u.id = s.user_id
    WHERE s.list = '${list}' AND (s.address = '${quoted}' OR (s.address IS NULL AND (u.email = '${quoted}' OR u.mobile = '${quoted}')))`);
  if (!row) throw new Error(`${address} has no ${list} subscription`);
  const [id, generation] = row.split('.');
  return signedLink(id, generation);
}

function sql(query) {
  return execFileSync('sqlite3', ['-readonly', shop.backend.db, query], { encoding: 'utf8' }).trim();
}

/** The unsubscribe link of subscription `id` at `generation`, signed as the backend signs it. */
function signedLink(id, generation) {
  const key = Buffer.from(sql("SELECT hex(value) FROM settings WHERE name = 'hmac_key'"), 'hex');
  const mac = createHmac('sha256', key).update(`unsubscribe\n${id}\n${generation}`).digest('hex').slice(0, 32);
  return `/unsubscribe/${id}.${generation}.${mac}`;
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
  const confirm = await mailedLink(GUEST, '/newsletter/confirm?token=');
  const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/v1/newsletter/confirm'));
  await shop.goto(confirm);
  await expect(page.getByRole('heading', { name: 'عضویت شما در خبرنامه تأیید شد.' })).toBeVisible();
  assert.ok(!page.url().includes('token'), `the token leaves the address bar: ${page.url()}`);
  const link = newsletterUnsubscribeLink(GUEST);
  assert.equal(`/unsubscribe/${(await (await confirmed).json()).token}`, link, 'the link is the one the backend issues');

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
  const renewed = newsletterUnsubscribeLink(GUEST);
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
    await other.goto(`${shop.backend.url}${newsletterUnsubscribeLink(MEMBER_EMAIL)}`);
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
  const link = newsletterUnsubscribeLink(GUEST);
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
  const link = newsletterUnsubscribeLink(GUEST);
  const last = link.at(-1) === '0' ? '1' : '0';
  const posts = unsubscribePosts(page);
  for (const bad of [`${link.slice(0, -1)}${last}`, '/unsubscribe/nonsense', link.replace(/\/(\d+)\./, (_, id) => `/${Number(id) + 1}.`)]) {
    await shop.goto(bad);
    const unsubscribe = new UnsubscribePage(page);
    await expect(unsubscribe.alert).toHaveText('این پیوند لغو عضویت معتبر نیست؛ هیچ چیزی تغییر نکرد.');
    await expect(unsubscribe.leave).toHaveCount(0);
    await expect(unsubscribe.everything).toHaveCount(0);
  }
  // a link from before the guest subscribed again (the first test's undo replaced it)
  const [, id, generation] = link.match(/(\d+)\.(\d+)\./);
  assert.ok(Number(generation) > 1, link);
  await shop.goto(signedLink(id, Number(generation) - 1));
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
  const link = newsletterUnsubscribeLink(GUEST);
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
