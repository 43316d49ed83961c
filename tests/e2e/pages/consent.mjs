// Page objects for the consent banner and settings dialog, plus tracker stubs: every tracker URL
// is answered by a script that records that it ran and sets the cookies and storage a real one would.

export class ConsentBanner {
  constructor(page) {
    this.region = page.getByRole('region', { name: 'حریم خصوصی شما' });
    this.acceptAll = this.region.getByRole('button', { name: 'پذیرش همه', exact: true });
    this.rejectAll = this.region.getByRole('button', { name: 'رد همه', exact: true });
    this.settings = this.region.getByRole('button', { name: 'تنظیمات', exact: true });
    this.close = this.region.getByRole('button', { name: 'بستن (یعنی رد همه)' });
  }
}

export class ConsentSettings {
  constructor(page) {
    this.page = page;
    this.dialog = page.getByRole('dialog', { name: 'تنظیمات حریم خصوصی' });
    this.save = this.dialog.getByRole('button', { name: 'ذخیرهٔ انتخاب‌ها' });
    this.acceptAll = this.dialog.getByRole('button', { name: 'پذیرش همه', exact: true });
    this.rejectAll = this.dialog.getByRole('button', { name: 'رد همه', exact: true });
    this.footerLink = page.getByRole('button', { name: 'تنظیمات حریم خصوصی' });
  }

  purpose(name) {
    return this.dialog.getByRole('checkbox', { name, exact: true });
  }
}

/** What the analytics stub stores beyond what its configuration declares, as real trackers do. */
export const UNDECLARED = { cookie: 'gtm_probe', local: 'gtm_probe', session: 'gtm_probe_session' };

/** Trackers of the default consent.json, by host, with what their stub sets. */
export const TRACKERS = {
  'www.googletagmanager.com': {
    id: 'google-analytics',
    cookies: ['_ga=GA1.1.42', '_ga_PISHKHAN0=GS1.1.42', `${UNDECLARED.cookie}=1`],
    storage: [UNDECLARED.local],
    session: [UNDECLARED.session],
  },
  'cdn.yektanet.com': { id: 'yektanet', cookies: ['_yngt=abc'], storage: ['_yngt_id'] },
  'web-sdk.smartlook.com': { id: 'smartlook', cookies: ['SL_C_1=x'], storage: ['smartlook_session'] },
};

/** The script a tracker's stub answers with: it records that it ran and stores what `tracker` says. */
export function stubBody(tracker) {
  return [
    `window.__trackersRan = (window.__trackersRan || []).concat(${JSON.stringify(tracker.id)});`,
    ...tracker.cookies.map((c) => `document.cookie = ${JSON.stringify(`${c}; path=/`)};`),
    ...tracker.storage.map((k) => `localStorage.setItem(${JSON.stringify(k)}, '1');`),
    ...(tracker.session ?? []).map((k) => `sessionStorage.setItem(${JSON.stringify(k)}, '1');`),
  ].join('\n');
}

/** Answers every tracker host with a stub (CORS-readable, as a CDN's scripts are, so an integrity
 * check can run); returns the list of tracker requests made. */
export async function stubTrackers(context, extraHosts = {}) {
  const hosts = { ...TRACKERS, ...extraHosts };
  const requests = [];
  for (const [host, tracker] of Object.entries(hosts)) {
    await context.route(`https://${host}/**`, (route) => {
      requests.push(tracker.id);
      return route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        headers: { 'access-control-allow-origin': '*' },
        body: stubBody(tracker),
      });
    });
  }
  return requests;
}

export const TRACKER_COOKIE = /^(_ga|_yngt|SL_C_|_hj)/;
