import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { CHECKOUT, seedIncidentLog } from './seed-incident-log.js';
import { buildUiApp, UI_TOKEN } from './ui-app.js';

/** Debian's chromium (scripts/ensure-services.sh postgres installs it); playwright-core never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const BULK = 1500;

let store: TestDatabase;
let app: FastifyInstance;
let browser: Browser;
let page: Page;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-services.sh postgres`);
  mkdirSync(ARTIFACTS, { recursive: true });
  store = await createTestDatabase('postgres');
  await seedIncidentLog(store.db, BULK);
  app = await buildUiApp(store.db);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.drop();
});

describe('the web UI in a real browser', () => {
  it('sends a visitor to the login page and lets them in with the token', async () => {
    await page.goto(`${base}/ui`);
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    await page.getByLabel('Access token').fill(UI_TOKEN);
    await page.getByLabel('Your name').fill('ana');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/ui`);
    await expect(page.locator('header .who').innerText()).resolves.toContain('ana');
  });

  it('shows the log a page at a time, with the columns the practice keeps', async () => {
    await expect(page.getByTestId('count').innerText()).resolves.toBe(`1–50 of ${BULK + 2} incidents`);
    const headers = await page.locator('table.log thead th').allInnerTexts();
    for (const column of ['Start', 'End', 'Duration', 'Severity', 'Symptom', 'Root cause', 'Countermeasures', 'Remediations']) {
      expect(headers.join('|')).toContain(column);
    }
    expect(await page.locator('table.log tbody tr').count()).toBe(50);
    // Newest first: the checkout incident of 10 June is the newest of the store.
    await expect(page.locator('table.log tbody tr').first().innerText()).resolves.toContain(CHECKOUT.id);
    await page.screenshot({ path: `${ARTIFACTS}/ui-incident-log.png`, fullPage: false });
    await page.getByRole('link', { name: 'Next page →' }).click();
    await expect(page.getByTestId('count').innerText()).resolves.toBe(`51–100 of ${BULK + 2} incidents`);
  });

  it('filters by service and by words, and sorts by duration', async () => {
    await page.goto(`${base}/ui`);
    await page.locator('form.filters [name=service]').selectOption('checkout');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.getByTestId('count').innerText()).resolves.toBe('1–2 of 2 incidents');
    await page.getByRole('link', { name: 'Duration' }).click();
    const first = await page.locator('table.log tbody tr').first().innerText();
    // INC-0001 lasted 4 h 10 min, INC-0002 1 h: longest first.
    expect(first).toContain(CHECKOUT.id);
    expect(first).toContain('4 h 10 min');
    await page.getByRole('link', { name: /Duration/ }).click();
    await expect(page.locator('table.log tbody tr').first().innerText()).resolves.toContain('INC-0002');
    await page.goto(`${base}/ui`);
    await page.locator('form.filters [name=q]').fill('pool');
    await page.getByRole('button', { name: 'Filter' }).click();
    const ids = await page.locator('table.log tbody tr td:first-child a').allInnerTexts();
    expect(ids.sort()).toEqual([CHECKOUT.id, 'INC-0002']);
  });

  it('opens an incident with its times kept apart and its evidence placed on the timeline', async () => {
    await page.getByRole('link', { name: CHECKOUT.id }).click();
    await page.waitForURL(`${base}/ui/incidents/${CHECKOUT.id}`);
    const times = page.locator('.times');
    await expect(times.locator('[data-time="impactStartedAt"]').innerText()).resolves.toContain('2024-06-10 08:30 UTC');
    await expect(times.locator('[data-time="detectedAt"]').innerText()).resolves.toContain('+2 h 53 min');
    await expect(times.locator('[data-time="resolvedAt"]').innerText()).resolves.toContain('2024-06-10 12:40 UTC');
    await expect(page.getByTestId('root-cause').innerText()).resolves.toBe(CHECKOUT.rootCause);
    const events = await page.locator('ol.events').innerText();
    expect(events).toContain('deploy checkout 2.3.1');
    expect(events).toContain('Rolled checkout back to 2.3.0');
    expect(events).toContain('FATAL: remaining connection slots are reserved');
    expect(events).toContain('Roll checkout back to the previous version (succeeded)');
    expect(await page.locator('svg.timeline circle').count()).toBeGreaterThanOrEqual(7);
    await expect(page.locator('.checklist').innerText()).resolves.toContain('Has anything changed');
    await expect(page.locator('.badge.late').count()).resolves.toBeGreaterThan(0);
    // The alert's hostile title is shown as text, and nothing in it ran.
    await expect(page.locator('ul.alerts').innerText()).resolves.toContain('<script>window.__pwned = 1</script>');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: `${ARTIFACTS}/ui-incident-page.png`, fullPage: true });
  });

  it('edits the root cause and schedules a remediation, both written in the timeline with who did it', async () => {
    await page.locator('form.edit [name=rootCause]').fill('Pool size halved by 2.3.1; the canary did not catch it');
    await page.locator('form.edit [name=category]').selectOption('configuration');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/ui/incidents/${CHECKOUT.id}?saved=1`);
    await expect(page.getByRole('status').innerText()).resolves.toBe('Saved.');
    await expect(page.getByTestId('root-cause').innerText()).resolves.toBe('Pool size halved by 2.3.1; the canary did not catch it');
    await page.locator('form.add [name=title]').fill('Alert on pool saturation before users notice');
    await page.locator('form.add [name=owner]').fill('carla');
    await page.locator('form.add [name=due]').fill('2024-06-30');
    await page.getByRole('button', { name: 'Schedule remediation' }).click();
    await page.waitForURL(`${base}/ui/incidents/${CHECKOUT.id}?saved=1`);
    await expect(page.locator('table.remediations').innerText()).resolves.toContain('Alert on pool saturation before users notice');
    const events = await page.locator('ol.events').innerText();
    expect(events).toMatch(/rootCause: .*Pool size halved by 2\.3\.1/);
    expect(events).toContain('remediation scheduled: Alert on pool saturation before users notice');
    const actors = await store.db.query<{ actor: string }>("SELECT DISTINCT actor FROM timeline WHERE incident_id = $1 AND kind <> 'opened'", [CHECKOUT.id]);
    expect(actors.map((row) => row.actor)).toEqual(['ana']);
  });

  it('follows a similar incident and shows the indicators as charts', async () => {
    await page.goto(`${base}/ui/incidents/${CHECKOUT.id}`);
    await page.locator('ul.similar').getByRole('link', { name: 'INC-0002' }).click();
    await expect(page.locator('h1').innerText()).resolves.toContain('Checkout slow after pool change');
    await page.getByRole('link', { name: 'Indicators' }).click();
    await page.waitForURL(`${base}/ui/indicators`);
    await expect(page.locator('figcaption').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['Incidents per week (target: at most 1)', 'False-positive rate per alert rule (human verdicts), worst first', 'By weekday']),
    );
    // Eight weeks, one bar each, and the target line.
    const incidentsChart = page.locator('figure.chart').first();
    expect(await incidentsChart.locator('rect.bar').count()).toBe(8);
    expect(await incidentsChart.locator('line.target').count()).toBe(1);
    // A rule name is hostile input too.
    await expect(page.locator('body').innerText()).resolves.toContain('CpuBusy <script>');
    await page.screenshot({ path: `${ARTIFACTS}/ui-indicators.png`, fullPage: true });
  });
});
