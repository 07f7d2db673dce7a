// End to end: per-customer summary files (as DuckDB, Spark or lifetimes write
// them) through the summary step, against the built dist/. The CDNOW sample
// gives Fader, Hardie & Lee's (2005) published BG/NBD parameters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, screenshot, csvFile, expectText } from './harness.mjs';

withBrowser();

const file = async (path, name) => ({
  name,
  mimeType: 'text/csv',
  buffer: await readFile(new URL(path, import.meta.url)),
});

const number = (text) => Number(text.replace(/,/g, ''));

test('the CDNOW summary imports, fits to the published BG/NBD parameters, and says what needs transactions', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByTestId('import-file').setInputFiles(await file('../data/cdnow_summary.csv', 'cdnow_summary.csv'));
  const step = page.getByTestId('summary-step');
  await step.waitFor({ timeout: 30_000 });
  assert.match(await step.innerText(), /cdnow_summary\.csv holds 2,357 customers summarised elsewhere/);
  // Nothing changed yet: the demo is still there.
  assert.notEqual(await page.getByTestId('stat-customers').innerText(), '2,357');
  // No date, no import.
  await page.getByTestId('summary-as-of').fill('');
  assert.equal(await page.getByTestId('summary-confirm').isDisabled(), true);
  // CDNOW's calibration period: 39 weeks of 1997.
  await page.getByTestId('summary-as-of').fill('1997-09-30');
  assert.equal(await page.getByTestId('summary-unit').inputValue(), 'week');
  await screenshot(page, 'summary-step');
  await page.getByTestId('summary-confirm').click();
  await expectText(page.getByTestId('import-outcome').locator('p'), 'Imported cdnow_summary.csv: 2,357 customer summaries as of 1997-09-30.');
  await expectText(page.getByTestId('stat-customers'), '2,357');
  // Orders are x + 1 per customer, revenue the repeat purchases' x * monetary_value
  // (both summed over the file in Python: 4,814 and 95,357.01).
  await expectText(page.getByTestId('stat-transactions'), '4,814');
  await expectText(page.getByTestId('stat-revenue'), '€95,357.01');
  assert.match(await page.getByTestId('source').innerText(), /Per-customer summaries from cdnow_summary\.csv, taken on 1997-09-30, recency and T in weeks/);
  assert.match(await page.locator('.stat', { has: page.getByTestId('stat-revenue') }).locator('.stat-detail').innerText(), /^repeat purchases only/);
  await expectText(page.getByTestId('needs-transactions'), 'Activity per month needs individual transactions; this workspace holds per-customer summaries.');
  assert.equal(await page.getByTestId('observation-end').isDisabled(), true);
  assert.equal(await page.getByTestId('observation-end').inputValue(), '1997-09-30');
  await screenshot(page, 'summary-data-page');

  // The models fit on the summaries: Fader, Hardie & Lee (2005) report r = 0.243,
  // alpha = 4.414, a = 0.793, b = 2.426 for this sample.
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  const params = page.getByTestId('params-bg-nbd');
  await params.waitFor({ timeout: 60_000 });
  const estimates = await params.locator('tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th').innerText, r.querySelector('td').innerText])));
  const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  for (const [name, value] of Object.entries(published)) {
    assert.ok(Math.abs(number(estimates[name]) - value) < 0.0006, `${name}: ${estimates[name]} vs ${value}`);
  }
  await page.getByTestId('total-clv').waitFor();
  assert.ok(number((await page.getByTestId('total-clv').innerText()).replace(/[^0-9.,]/g, '')) > 0);
  // No holdout columns in this file: the page says how to get them.
  assert.match(await page.locator('.chart-grid .notice').innerText(), /This summary has no holdout columns/);
  assert.equal(await page.getByTestId('holdout-months').isDisabled(), true);
  await screenshot(page, 'summary-models-page');

  // Customers and segments work on the summaries; migration and goals say why they do not.
  await page.getByRole('link', { name: 'Segments' }).click();
  await expectText(page.getByTestId('needs-transactions'), 'Value migration compares customers at two dates and needs individual transactions; this workspace holds per-customer summaries.');
  await page.getByRole('link', { name: 'Goals' }).click();
  assert.match(await page.getByTestId('needs-transactions').innerText(), /^Goals track KPIs over time and need individual transactions/);
  await page.getByRole('link', { name: 'Equity' }).click();
  await page.getByTestId('equity-total').waitFor({ timeout: 60_000 });
  assert.ok(number((await page.getByTestId('equity-current').innerText()).replace(/[^0-9.,]/g, '')) > 0);
  await screenshot(page, 'summary-equity-page');

  // Kept across a reload (stored format 2), and in German.
  await page.reload();
  await page.getByRole('link', { name: 'Data' }).click();
  await expectText(page.getByTestId('stat-customers'), '2,357');
  await page.getByRole('button', { name: 'Deutsch' }).click();
  assert.match(await page.getByTestId('source').innerText(), /Zusammenfassungen pro Kunde aus cdnow_summary\.csv, erstellt am 30\.09\.1997, Recency und T in Wochen/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a summary with holdout columns asks for the holdout end and validates the models on it', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByTestId('import-file').setInputFiles(await file('../fixtures/summaries/demo_holdout.csv', 'demo_holdout.csv'));
  await page.getByTestId('summary-step').waitFor({ timeout: 30_000 });
  await page.getByTestId('summary-unit').selectOption('day');
  await page.getByTestId('summary-as-of').fill('2024-06-30');
  // The holdout end is needed, and must come after the summary's date.
  await expectText(page.getByTestId('summary-problem'), 'give the date the holdout period ends');
  assert.equal(await page.getByTestId('summary-confirm').isDisabled(), true);
  await page.getByTestId('summary-holdout-end').fill('2024-06-01');
  await expectText(page.getByTestId('summary-problem'), 'the holdout period must end after 2024-06-30');
  await page.getByTestId('summary-holdout-end').fill('2024-12-31');
  await page.getByTestId('summary-confirm').click();
  await expectText(page.getByTestId('import-outcome').locator('p'), 'Imported demo_holdout.csv: 2,138 customer summaries as of 2024-06-30.');

  await page.getByRole('link', { name: 'Models & CLV' }).click();
  const comparison = page.getByTestId('model-comparison');
  await comparison.waitFor({ timeout: 60_000 });
  // Every model has holdout errors, from the file's holdout columns.
  const rows = await comparison.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
  assert.equal(rows.length, 3);
  for (const cells of rows) assert.match(cells[2], /^\d+\.\d{3}$/, cells.join(' | '));
  assert.match(await page.locator('.card', { has: comparison }).locator('.help').innerText(), /predicted the purchases in its holdout columns up to 2024-12-31/);
  await page.getByTestId('chart-conditional').waitFor();
  assert.match(await page.getByTestId('needs-transactions').innerText(), /^The cumulative tracking chart needs individual transactions/);
  await screenshot(page, 'summary-holdout-models');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a summary file with a bad row is refused where it is, and nothing changes', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const before = await page.getByTestId('stat-customers').innerText();
  await page.getByTestId('import-file').setInputFiles(csvFile('bad_summary.csv', 'customer_id,frequency,recency,T\nc1,1,2,3\nc2,1,5,3\n'));
  await expectText(page.getByTestId('import-outcome').locator('p'), 'bad_summary.csv cannot be read as a summary: line 3, column 3 (recency): recency 5 is larger than T 3. Your saved data is unchanged.', 30_000);
  assert.equal(await page.getByTestId('stat-customers').innerText(), before);
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await page.getByTestId('import-file').setInputFiles(csvFile('schlecht.csv', 'customer_id,frequency,recency,T\nc1,zwei,0,3\n'));
  await expectText(page.getByTestId('import-outcome').locator('p'), 'schlecht.csv kann nicht als Zusammenfassung gelesen werden: Zeile 2, Spalte 2 (frequency): „zwei“ ist keine Zahl ≥ 0. Ihre gespeicherten Daten sind unverändert.', 30_000);
  assert.deepEqual(errors, []);
  await context.close();
});
