// End to end: a 1,000,000-row transactions file (about 27 MB) dropped on the
// page is read in the file worker with a progress bar, and the page stays
// responsive meanwhile; a cancelled read changes nothing. The timings are
// printed, not asserted (shared machines drift): the aim is at most 3 s from
// the drop to the Data page and no main-thread task over 100 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, browser, server, screenshot, csvFile, expectText, xlsxWorkbook, storedWorkspaces, watchContext } from './harness.mjs';

withBrowser();

const ROWS = 1_000_000;
const CUSTOMERS = 300_000;

/** A page whose long tasks (and whether the progress bar ever showed) are recorded from the start. */
async function openRecordedPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    window.__progressSeen = { shown: false, maxRows: 0 };
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=import-progress]');
      if (!bar) return;
      window.__progressSeen.shown = true;
      const counts = bar.querySelector('[data-testid=import-progress-counts]')?.textContent ?? '';
      const rows = Number((counts.match(/([\d,]+) rows/)?.[1] ?? '0').replaceAll(',', ''));
      window.__progressSeen.maxRows = Math.max(window.__progressSeen.maxRows, rows);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const errors = [];
  watchContext(context, errors);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('stat-customers').waitFor();
  return { context, page, errors };
}

/** Builds the file in the page (not sent over the wire): ROWS rows of `customer_id,date,amount`. */
async function makeBigFile(page) {
  return page.evaluate(
    ([rows, customers]) => {
      const parts = ['customer_id,date,amount\n'];
      const day0 = Date.UTC(2023, 0, 1);
      for (let i = 0; i < rows; i++) {
        const c = (i * 7919) % customers;
        const date = new Date(day0 + ((i * 37) % 730) * 86_400_000).toISOString().slice(0, 10);
        const cents = (i * 104729) % 50_000 + 100;
        parts.push(`K-${String(c).padStart(6, '0')},${date},${(cents / 100).toFixed(2)}\n`);
      }
      window.__bigFile = new File(parts, 'million.csv', { type: 'text/csv' });
      return window.__bigFile.size;
    },
    [ROWS, CUSTOMERS],
  );
}

/** Drops the big file on the drop zone; resolves to the page's clock at the drop. */
async function dropBigFile(page) {
  return page.evaluate(() => {
    window.__longTasks = [];
    const dt = new DataTransfer();
    dt.items.add(window.__bigFile);
    const zone = document.querySelector('.dropzone');
    const t0 = performance.now();
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return t0;
  });
}

/** Long tasks overlapping [from, to] on the page's clock. */
async function longTasks(page, from, to) {
  const tasks = await page.evaluate(() => window.__longTasks);
  return tasks.filter((t) => t.start + t.duration >= from && t.start <= to);
}

test('a 1,000,000-row file is read in the worker with progress, and shown on the Data page', async () => {
  const { context, page, errors } = await openRecordedPage();
  const size = await makeBigFile(page);
  const t0 = await dropBigFile(page);
  const shownAt = await page.waitForFunction(
    (expected) => {
      const el = document.querySelector('[data-testid=stat-customers]');
      return el && el.textContent.trim() === expected ? performance.now() : false;
    },
    CUSTOMERS.toLocaleString('en-US'),
    { polling: 'raf', timeout: 120_000 },
  );
  const shown = (await shownAt.jsonValue()) - t0;
  const during = await longTasks(page, t0, t0 + shown);
  const longest = Math.max(0, ...during.map((t) => t.duration));
  // A measurement for the README, not an assertion.
  console.log(
    `in-browser import of ${ROWS.toLocaleString('en-US')} rows (${(size / 1e6).toFixed(1)} MB): ` +
      `${Math.round(shown)} ms until shown, longest main-thread task ${Math.round(longest)} ms (${during.length} long tasks)`,
  );
  console.log(`  long tasks during the import (ms after the drop: duration): ${during.map((t) => `${Math.round(t.start - t0)}: ${Math.round(t.duration)}`).join(', ')}`);
  // What follows the import on the main thread (the save is tried 400 ms later).
  await page.waitForTimeout(2_500);
  const afterShown = await longTasks(page, t0 + shown, Number.MAX_VALUE);
  console.log(
    `  after it was shown, within 2.5 s: longest main-thread task ${Math.round(Math.max(0, ...afterShown.map((t) => t.duration)))} ms ` +
      `(${afterShown.length} long tasks: ${afterShown.map((t) => Math.round(t.duration)).join(', ')})`,
  );
  const seen = await page.evaluate(() => window.__progressSeen);
  assert.ok(seen.shown, 'the progress bar appeared');
  assert.ok(seen.maxRows > 0, `the progress counted rows (${seen.maxRows})`);
  assert.equal(await page.getByTestId('import-progress').count(), 0, 'the progress bar is gone');
  await page.getByText('Imported million.csv: 300,000 customers, 1,000,000 transactions.').waitFor();
  await screenshot(page, 'large-import');

  // Kept in IndexedDB: it survives a reload, read back before the page shows.
  await page.getByTestId('save-status').getByText('Saved in this browser').waitFor({ timeout: 30_000 });
  const [stored] = await storedWorkspaces(page);
  assert.equal(stored.customers, CUSTOMERS);
  await page.reload();
  const loaded = await page.waitForFunction(
    (expected) => {
      const el = document.querySelector('[data-testid=stat-customers]');
      return el && el.textContent.trim() === expected ? performance.now() : false;
    },
    CUSTOMERS.toLocaleString('en-US'),
    { polling: 'raf', timeout: 60_000 },
  );
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return { domInteractive: nav.domInteractive };
  });
  console.log(
    `  reload with ${ROWS.toLocaleString('en-US')} stored transactions (${(stored.data_bytes / 1e6).toFixed(1)} MB in IndexedDB): ` +
      `${Math.round((await loaded.jsonValue()) - timing.domInteractive)} ms from the page's script start to the figures, ` +
      `${Math.round(await loaded.jsonValue())} ms from navigation`,
  );
  assert.match(await page.getByTestId('source').innerText(), /million\.csv/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('cancelling the read of a large file leaves everything as it was', async () => {
  const { context, page, errors } = await openRecordedPage();
  const customers = await page.getByTestId('stat-customers').innerText();
  const source = await page.getByTestId('source').innerText();
  const saved = await storedWorkspaces(page);
  await makeBigFile(page);
  await dropBigFile(page);
  const progress = page.getByTestId('import-progress');
  await progress.waitFor();
  await page.getByTestId('import-progress-counts').getByText(/[1-9][\d,]* rows/).waitFor();
  await screenshot(page, 'large-import-progress');
  assert.equal(await progress.locator('progress').count(), 1);
  await page.getByTestId('import-cancel-reading').click();
  await progress.waitFor({ state: 'detached' });
  // Nothing arrives late.
  await page.waitForTimeout(3_000);
  assert.equal(await page.getByTestId('stat-customers').innerText(), customers);
  assert.equal(await page.getByTestId('source').innerText(), source);
  assert.equal(await page.getByTestId('import-outcome').count(), 0);
  assert.deepEqual(await storedWorkspaces(page), saved);

  // The reader works again afterwards.
  await page
    .getByTestId('import-file')
    .setInputFiles(csvFile('small.csv', 'customer_id,date,amount\nA,2024-01-01,10\nB,2024-01-02,5\n'));
  await page.getByText('Imported small.csv: 2 customers, 2 transactions.').waitFor();
  await expectText(page.getByTestId('stat-customers'), '2');
  assert.deepEqual(errors, []);
  await context.close();
});

const ORDERS = 200_000;
const SHOP_CUSTOMERS = 60_000;

/**
 * Builds a Shopify orders export in the page: ORDERS orders, every third with a
 * second line-item row (order fields empty, as Shopify writes them); every 20th
 * order pending, every 50th refunded, the rest paid. Returns the file's size and
 * the figures counted here, independently of the app.
 */
async function makeShopExport(page) {
  return page.evaluate(
    ([orders, customers]) => {
      const parts = ['Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price\n'];
      const day0 = Date.UTC(2023, 0, 1);
      const counted = { paid: 0, pending: 0, paidCustomers: new Set(), withPending: new Set() };
      for (let i = 0; i < orders; i++) {
        const email = `kunde${(i * 7919) % customers}@example.de`;
        const status = i % 50 === 0 ? 'refunded' : i % 20 === 0 ? 'pending' : 'paid';
        const when = new Date(day0 + ((i * 37) % 700) * 86_400_000 + (i % 86_400) * 1000).toISOString();
        const created = `${when.slice(0, 10)} ${when.slice(11, 19)} +0100`;
        const total = ((i * 104729) % 20_000 + 500) / 100;
        parts.push(`#${1000 + i},${email},${status},EUR,${total.toFixed(2)},${created},1,Tee ${i % 97},${total.toFixed(2)}\n`);
        if (i % 3 === 0) parts.push(`#${1000 + i},${email},,,,,1,Tasse,0.00\n`);
        if (status === 'paid') {
          counted.paid++;
          counted.paidCustomers.add(email);
        }
        if (status !== 'refunded') counted.withPending.add(email);
        if (status === 'pending') counted.pending++;
      }
      window.__bigFile = new File(parts, 'shopify_orders_export.csv', { type: 'text/csv' });
      return {
        size: window.__bigFile.size,
        paid: counted.paid,
        pending: counted.pending,
        customers: counted.paidCustomers.size,
        customersWithPending: counted.withPending.size,
      };
    },
    [ORDERS, SHOP_CUSTOMERS],
  );
}

test('a 200,000-order Shopify export is read, previewed and taken in the worker while the page stays responsive', async () => {
  const { context, page, errors } = await openRecordedPage();
  const expected = await makeShopExport(page);
  const fmt = (n) => n.toLocaleString('en-US');
  const t0 = await dropBigFile(page);
  const preview = page.getByTestId('mapping-preview');
  await preview.getByText(`${fmt(expected.customers)} customers, ${fmt(expected.paid)} orders`).waitFor({ timeout: 120_000 });
  const previewedAt = await page.evaluate(() => performance.now());
  await expectText(page.getByTestId('mapping-layout'), 'Recognised as: Shopify orders export.');
  // A status changed: the whole table is previewed again, in the worker.
  const t1 = await page.evaluate(() => performance.now());
  const pending = page.getByTestId('mapping-statuses').locator('label', { hasText: `pending (${fmt(expected.pending)} orders)` }).locator('select');
  await pending.selectOption('counts');
  await preview.getByText(`${fmt(expected.customersWithPending)} customers, ${fmt(expected.paid + expected.pending)} orders`).waitFor({ timeout: 60_000 });
  const repreviewedAt = await page.evaluate(() => performance.now());
  const t2 = repreviewedAt;
  await page.getByTestId('mapping-confirm').click();
  await expectText(page.getByTestId('stat-customers'), fmt(expected.customersWithPending), 60_000);
  const shownAt = await page.evaluate(() => performance.now());
  const longest = async (from, to) => Math.round(Math.max(0, ...(await longTasks(page, from, to)).map((t) => t.duration)));
  const [reading, changing, taking] = [await longest(t0, previewedAt), await longest(t1, repreviewedAt), await longest(t2, shownAt)];
  console.log(
    `in-browser Shopify export of ${fmt(ORDERS)} orders (${(expected.size / 1e6).toFixed(1)} MB): ` +
      `${Math.round(previewedAt - t0)} ms from the drop to the preview, ${Math.round(repreviewedAt - t1)} ms for a status change, ` +
      `${Math.round(shownAt - t2)} ms from the confirm to the Data page; longest main-thread task ${reading} / ${changing} / ${taking} ms`,
  );
  // Parsing 30 MB on the main thread takes seconds: a bound far above the aim
  // (100 ms) that still fails if the file is ever read there again.
  for (const [what, ms] of [['reading', reading], ['the status change', changing], ['taking', taking]]) {
    assert.ok(ms < 600, `longest main-thread task while ${what}: ${ms} ms`);
  }
  await page.getByText(/^Imported shopify_orders_export\.csv: /).waitFor();
  await expectText(page.getByTestId('stat-transactions'), fmt(expected.paid + expected.pending));
  assert.deepEqual(errors, []);
  await context.close();
});

const WORKBOOK_ROWS = 200_000;

test('a 200,000-row .xlsx workbook is read in the worker while the page stays responsive', async () => {
  const { context, page, errors } = await openRecordedPage();
  // German spreadsheet headers, text, date and number cells; the figures counted here.
  const rows = [['Kundennummer', 'Bestelldatum', 'Betrag (EUR)']];
  const customers = new Set();
  let cents = 0;
  const day0 = Date.UTC(2023, 0, 1);
  for (let i = 0; i < WORKBOOK_ROWS; i++) {
    const customer = `K-${String((i * 7919) % 50_000).padStart(5, '0')}`;
    const amount = ((i * 104729) % 20_000) + 500;
    customers.add(customer);
    cents += amount;
    rows.push([customer, new Date(day0 + ((i * 37) % 700) * 86_400_000), amount / 100]);
  }
  const bytes = xlsxWorkbook(rows);
  await page.evaluate((b64) => {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    window.__bigFile = new File([raw], 'bestellungen.xlsx');
  }, bytes.toString('base64'));
  const t0 = await dropBigFile(page);
  const fmt = (n) => n.toLocaleString('en-US');
  const revenue = (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
  await expectText(
    page.getByTestId('mapping-preview'),
    `${fmt(customers.size)} customers, ${fmt(WORKBOOK_ROWS)} orders, net revenue €${revenue}, from 2023-01-01 to 2024-11-30.`,
    120_000,
  );
  const previewedAt = await page.evaluate(() => performance.now());
  const during = await longTasks(page, t0, previewedAt);
  const longest = Math.round(Math.max(0, ...during.map((t) => t.duration)));
  const ms = previewedAt - t0;
  console.log(
    `in-browser .xlsx of ${fmt(WORKBOOK_ROWS)} rows (${(bytes.length / 1e6).toFixed(1)} MB): ${Math.round(ms)} ms from the drop to the preview ` +
      `(${(bytes.length / 1e3 / ms).toFixed(1)} MB/s of the file, ${Math.round(WORKBOOK_ROWS / ms)} rows/ms), longest main-thread task ${longest} ms`,
  );
  assert.ok(longest < 600, `longest main-thread task while reading the workbook: ${longest} ms`);
  assert.match(await page.getByTestId('mapping-format').innerText(), /^Workbook; sheet read: /);
  assert.deepEqual(errors, []);
  await context.close();
});

const SUMMARY_CUSTOMERS = 500_000;

test('a 500,000-customer summary file is read in the worker while the page stays responsive', async () => {
  const { context, page, errors } = await openRecordedPage();
  const size = await page.evaluate((n) => {
    const parts = ['customer_id,frequency,recency,T,monetary_value\n'];
    for (let i = 0; i < n; i++) {
      const t = 10 + (i % 90);
      const x = i % 7;
      const recency = x === 0 ? 0 : ((i * 13) % (t * 100)) / 100;
      parts.push(`S-${i},${x},${recency},${t},${x === 0 ? 0 : 20 + (i % 50)}\n`);
    }
    window.__bigFile = new File(parts, 'warehouse_summary.csv', { type: 'text/csv' });
    return window.__bigFile.size;
  }, SUMMARY_CUSTOMERS);
  const fmt = (n) => n.toLocaleString('en-US');
  const t0 = await dropBigFile(page);
  const step = page.getByTestId('summary-step');
  await step.getByText(`holds ${fmt(SUMMARY_CUSTOMERS)} customers`).waitFor({ timeout: 120_000 });
  const readAt = await page.evaluate(() => performance.now());
  const reading = Math.round(Math.max(0, ...(await longTasks(page, t0, readAt)).map((t) => t.duration)));
  const t1 = await page.evaluate(() => performance.now());
  await page.getByTestId('summary-confirm').click();
  await expectText(page.getByTestId('stat-customers'), fmt(SUMMARY_CUSTOMERS), 60_000);
  const shownAt = await page.evaluate(() => performance.now());
  const taking = Math.round(Math.max(0, ...(await longTasks(page, t1, shownAt)).map((t) => t.duration)));
  console.log(
    `in-browser summary file of ${fmt(SUMMARY_CUSTOMERS)} customers (${(size / 1e6).toFixed(1)} MB): ` +
      `${Math.round(readAt - t0)} ms from the drop to the summary step (longest main-thread task ${reading} ms), ` +
      `${Math.round(shownAt - t1)} ms from the confirm to the Data page (longest task ${taking} ms)`,
  );
  assert.ok(reading < 600, `longest main-thread task while reading the summary file: ${reading} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});
