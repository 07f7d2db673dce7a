// End to end: the built dist/ in headless Chromium. Run by .ci/test after
// `trunk build --release`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, screenshot, csvFile, expectCount, expectText, storedWorkspaces } from './harness.mjs';

withBrowser();

const text = (page, id) => page.getByTestId(id).innerText();

const GOOD_CSV = [
  'Customer ID,Date,Amount',
  'A-1,2024-01-05,100.00',
  'A-1,2024-01-05,20.50', // same day: one purchase, two orders
  'A-1,2024-02-09,79.50',
  'B-2,2024-01-20,1234.56',
  'B-2,2024-01-25,-34.56', // refund
  '"C, 3",2024-03-01,10',
].join('\r\n');

test('the page loads under a sub-path with the demo data and no console errors', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await expectText(page.getByTestId('stat-customers'), '3,000');
  assert.match(await text(page, 'stat-range'), /^2023-01-\d\d – 2024-12-\d\d$/);
  assert.match(await text(page, 'source'), /Demo data: 3,000 customers/);
  assert.match(await text(page, 'save-status'), /Saved in this browser/);
  // The monthly chart: one bar per month over two years, and its text alternative.
  const chart = page.getByTestId('monthly-chart');
  await expectCount(chart.locator('rect[fill="#0F4C5C"][opacity="0.85"]'), 24);
  assert.equal(
    await chart.getAttribute('aria-label'),
    'Bar chart of orders per month with a line of new customers per month, Jan 2023 to Dec 2024.',
  );
  await expectCount(page.locator('[data-testid=monthly-chart-table] tbody tr'), 24);
  await screenshot(page, 'data-page-desktop');

  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customers-table').waitFor();
  await expectCount(page.locator('[data-testid=customers-table] tbody tr'), 50);
  await expectText(page.getByTestId('customers-range'), '1–50 of 3,000');
  // Sorted by net revenue, largest first.
  const totals = await page.locator('[data-testid=customers-table] tbody tr td:nth-child(8)').allInnerTexts();
  const values = totals.map((t) => Number(t.replace(/[€,]/g, '')));
  assert.deepEqual([...values].sort((a, b) => b - a), values);
  await screenshot(page, 'customers-page-desktop');
  await page.getByTestId('page-next').click();
  await expectText(page.getByTestId('customers-range'), '51–100 of 3,000');
  await page.getByRole('button', { name: 'Previous' }).click();
  await expectText(page.getByTestId('customers-range'), '1–50 of 3,000');

  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'customers-page-phone');
  // On a phone the page itself does not scroll sideways; only the table does.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
  assert.deepEqual(errors, []);
  await context.close();
});

test('importing a CSV shows its customers and values, and a reload keeps them', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByTestId('import-file').setInputFiles(csvFile('orders.csv', GOOD_CSV));
  await page.getByText('Imported orders.csv: 3 customers, 6 transactions.').waitFor();
  const check = async () => {
    await expectText(page.getByTestId('stat-customers'), '3');
    await expectText(page.getByTestId('stat-transactions'), '6');
    await expectText(page.getByTestId('stat-range'), '2024-01-05 – 2024-03-01');
    await expectText(page.getByTestId('stat-revenue'), '€1,410.00');
    await expectText(page.getByTestId('stat-rejected'), '0');
    assert.match(await text(page, 'source'), /Imported from orders\.csv/);
  };
  await check();
  const bars = page.locator('[data-testid=monthly-chart] rect[fill="#0F4C5C"][opacity="0.85"]');
  await expectCount(bars, 3);
  // The table view sits in a closed <details>: read its cells' text.
  const months = await page
    .locator('[data-testid=monthly-chart-table] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.deepEqual(months, [
    ['Jan 2024', '3', '2', '€1,320.50'],
    ['Feb 2024', '1', '0', '€79.50'],
    ['Mar 2024', '1', '1', '€10.00'],
  ]);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  await check();

  await page.getByRole('link', { name: 'Customers' }).click();
  const rows = page.locator('[data-testid=customers-table] tbody tr');
  await expectCount(rows, 3);
  // Weeks by default: A-1 first bought on Jan 5, again on Feb 9 (35 days), observation end Mar 1.
  const a1 = (await rows.filter({ hasText: 'A-1' }).locator('th, td').allInnerTexts());
  assert.deepEqual(a1, ['A-1', '2024-01-05', '2024-02-09', '1', '5.0', '8.0', '3', '€200.00', '€66.67']);
  await page.getByTestId('customer-search').fill('c, 3');
  await expectCount(rows, 1);
  await page.getByTestId('customer-search').fill('');

  // The export holds the table, in the table's order (net revenue, largest first).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  assert.equal(download.suggestedFilename(), 'kundenwert-customers.csv');
  const csv = await readFile(await download.path(), 'utf-8');
  assert.equal(
    csv,
    'customer_id,first_purchase,last_purchase,orders,frequency,recency_weeks,T_weeks,net_revenue,refunds,average_order_value\n' +
      'B-2,2024-01-20,2024-01-20,1,0,0,5.8571,1200,34.56,1200\n' +
      'A-1,2024-01-05,2024-02-09,3,1,5,8,200,0,66.6667\n' +
      '"C, 3",2024-03-01,2024-03-01,1,0,0,0,10,0,10\n',
  );

  // German: numbers, dates and money follow the language.
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expectCount(page.getByRole('link', { name: 'Kunden', exact: true }), 1);
  await page.getByTestId('customer-search').fill('');
  const b2 = await rows.filter({ hasText: 'B-2' }).locator('th, td').allInnerTexts();
  assert.deepEqual(b2, ['B-2', '20.01.2024', '20.01.2024', '0', '0,0', '5,9', '1', '1.200,00\u00a0€', '1.200,00\u00a0€']);
  await expectCount(page.getByRole('link', { name: 'Kunden', exact: true }), 1);
  await screenshot(page, 'customers-imported-de');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped file is imported; observation end and time unit change the customers table', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, GOOD_CSV);
  await page.dispatchEvent('.dropzone', 'dragover', { dataTransfer });
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer });
  await page.getByText('Imported dropped.csv: 3 customers, 6 transactions.').waitFor();
  assert.equal(await page.getByTestId('observation-end').inputValue(), '2024-03-01');

  // An earlier observation end: C (first order on Mar 1) is not a customer yet, A-1 is younger.
  await page.getByTestId('observation-end').fill('2024-02-16');
  await page.getByRole('button', { name: 'Days' }).click();
  await page.getByRole('link', { name: 'Customers' }).click();
  const rows = page.locator('[data-testid=customers-table] tbody tr');
  await rows.first().waitFor();
  await expectCount(rows, 2);
  const a1 = await rows.filter({ hasText: 'A-1' }).locator('th, td').allInnerTexts();
  assert.deepEqual(a1, ['A-1', '2024-01-05', '2024-02-09', '1', '35.0', '42.0', '3', '€200.00', '€66.67']);

  // Back to the default: the last transaction date.
  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByRole('button', { name: 'Use last transaction date' }).click();
  assert.equal(await page.getByTestId('observation-end').inputValue(), '2024-03-01');
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  assert.equal(await page.getByTestId('observation-end').inputValue(), '2024-03-01');
  assert.equal(await page.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a malformed file gets a located error and leaves the saved data as it was', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await expectText(page.getByTestId('save-status'), 'Saved in this browser');
  const before = await storedWorkspaces(page);
  assert.equal(before.length, 1);

  // A file whose columns say nothing known goes to the mapping step, which says what is missing.
  await page.getByTestId('import-file').setInputFiles(csvFile('export.csv', 'id;name\n1;x\n'));
  await page.getByTestId('mapping-step').waitFor();
  assert.match(await page.getByTestId('mapping-problems').innerText(), /^Choose a column for: .*Order date/);
  assert.equal(await page.getByTestId('mapping-confirm').isDisabled(), true);
  await page.getByTestId('mapping-cancel').click();
  await expectText(page.getByTestId('stat-customers'), '3,000');
  const png = { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') };
  await page.getByTestId('import-file').setInputFiles(png);
  await page.getByText('photo.png was not imported').waitFor();
  const outcome = page.getByTestId('import-outcome');
  assert.equal(
    await outcome.locator('p').innerText(),
    'photo.png was not imported: this is not a text file or a workbook. Your saved data is unchanged.',
  );

  // Some unreadable rows: listed with line and column, nothing changes until the user decides.
  const mixed = 'customer_id,date,amount\nk1,2024-01-01,10\nk2,31/12/2024,5\nk3,2024-01-02,zehn\n,2024-01-03,1\nk4,2024-01-04,4\n';
  await page.getByTestId('import-file').setInputFiles(csvFile('mixed.csv', mixed));
  const review = page.getByTestId('rejected-review');
  await review.waitFor();
  assert.match(await review.locator('h3').innerText(), /^3 of 5 rows in mixed\.csv could not be read$/);
  const cells = await review.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.innerText.split('\t')));
  assert.deepEqual(cells, [
    ['3', '2 (date)', 'expected a date like 2024-12-31, found “31/12/2024”'],
    ['4', '3 (amount)', 'expected an amount like 1234.56, found “zehn”'],
    ['5', '1 (customer_id)', 'the customer id is empty'],
  ]);
  await screenshot(page, 'import-review');
  // The rejected rows can be taken away as CSV, to fix them in the source.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rejected-download').click()]);
  assert.equal(download.suggestedFilename(), 'kundenwert-rejected-rows.csv');
  assert.equal(
    await readFile(await download.path(), 'utf-8'),
    'line,column,column_name,value,problem\n' +
      '3,2,date,31/12/2024,"expected a date like 2024-12-31, found “31/12/2024”"\n' +
      '4,3,amount,zehn,"expected an amount like 1234.56, found “zehn”"\n' +
      '5,1,customer_id,,the customer id is empty\n',
  );
  await page.getByTestId('import-cancel').click();
  await expectCount(review, 0);
  await expectText(page.getByTestId('stat-customers'), '3,000');
  assert.deepEqual(await storedWorkspaces(page), before);

  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  await expectText(page.getByTestId('stat-customers'), '3,000');

  // ... or imports the readable rows.
  await page.getByTestId('import-file').setInputFiles(csvFile('mixed.csv', mixed));
  await page.getByTestId('import-rest').click();
  await expectText(page.getByTestId('stat-customers'), '2');
  await expectText(page.getByTestId('stat-rejected'), '3');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a workspace an earlier build saved in localStorage moves into IndexedDB; an unreadable one is reported and kept', async () => {
  // Today's format before IndexedDB: version 2 JSON under kundenwert.workspace.
  const earlier = JSON.stringify({
    version: 2,
    origin: { kind: 'demo' },
    settings: { time_unit: 'day', currency: 'CHF' },
  });
  let context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('kundenwert.workspace', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, earlier);
  let page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('workspace-notice').waitFor();
  assert.match(await text(page, 'workspace-notice'), /moved into the browser's database; nothing was lost/);
  assert.equal(await page.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed'), 'true');
  assert.match(await text(page, 'stat-revenue'), /^CHF/);
  assert.equal(await page.evaluate(() => localStorage.getItem('kundenwert.workspace')), null);
  assert.equal((await storedWorkspaces(page)).length, 1);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  assert.equal(await page.getByTestId('workspace-notice').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed'), 'true');
  await context.close();

  // A stored text this build cannot read: reported, kept until discarded, the demo opens meanwhile.
  context = await browser.newContext({ locale: 'en-US' });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('kundenwert.workspace', '{"version":7,"origin":{"kind":"demo"}}');
      sessionStorage.setItem('seeded', '1');
    }
  });
  page = await context.newPage();
  await page.goto(server.url);
  const banner = page.getByTestId('load-problem');
  await banner.waitFor();
  assert.match(await banner.innerText(), /format version 7; this version of Kundenwert reads versions up to 2/);
  await expectText(page.getByTestId('stat-customers'), '3,000');
  // Working on saves into IndexedDB and leaves the stored text alone.
  await page.getByRole('button', { name: 'Days' }).click();
  await expectText(page.getByTestId('save-status'), 'Saved in this browser');
  assert.equal(
    await page.evaluate(() => localStorage.getItem('kundenwert.workspace')),
    '{"version":7,"origin":{"kind":"demo"}}',
  );
  await screenshot(page, 'load-problem');
  await page.getByRole('button', { name: 'Reset saved workspace' }).click();
  await expectCount(banner, 0);
  assert.equal(await page.evaluate(() => localStorage.getItem('kundenwert.workspace')), null);
  await context.close();
});

test('a data set too large for the storage quota is used but not saved; the previous state stays', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  // IndexedDB refuses data bytes over 3 MB as a full quota does (the real quota is
  // exercised by the wasm-bindgen test on a storage bucket of 1 MB).
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (this.name === 'data' && value?.byteLength > 3_000_000) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.call(this, value, key);
    };
  });
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  await page.getByTestId('import-file').setInputFiles(csvFile('small.csv', GOOD_CSV));
  await page.getByText('Imported small.csv').waitFor();
  const lines = ['customer_id,date,amount'];
  for (let i = 0; i < 400_000; i++) lines.push(`a-rather-long-customer-identifier-${i},2024-05-01,${(i % 500) + 1}.25`);
  const started = Date.now();
  await page.getByTestId('import-file').setInputFiles(csvFile('huge.csv', lines.join('\n')));
  await page.getByText('Imported huge.csv').waitFor({ timeout: 60_000 });
  // A measurement for the README, not an assertion.
  console.log(`in-browser import of 400,000 rows (${(lines.join('\n').length / 1e6).toFixed(1)} MB) until shown: ${Date.now() - started} ms`);
  await expectText(page.getByTestId('stat-customers'), '400,000');
  // The customers table stays usable: one page is rendered, search and sorting work on all rows.
  await page.getByRole('link', { name: 'Customers' }).click();
  await expectText(page.getByTestId('customers-range'), '1–50 of 400,000');
  let t0 = Date.now();
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await page.getByText('a-rather-long-customer-identifier-0', { exact: true }).waitFor();
  const sortMs = Date.now() - t0;
  t0 = Date.now();
  await page.getByTestId('customer-search').fill('identifier-39999');
  await page.getByText('1–11 of 11').waitFor();
  console.log(`in-browser, 400,000 customers: sort by id ${sortMs} ms, search ${Date.now() - t0} ms`);
  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByText(/^Too large for browser storage/).waitFor({ timeout: 20_000 });
  assert.match(await text(page, 'save-status'), /^Too large for browser storage \([\d.]+\u00a0MB\): this change is not saved/);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  await expectText(page.getByTestId('stat-customers'), '3');
  assert.match(await text(page, 'source'), /small\.csv/);
  assert.deepEqual(errors, []);
  await context.close();
});
