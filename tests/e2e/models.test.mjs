// End to end: the Models page on the demo data, and the in-browser benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, callWasm, screenshot, expectCount } from './harness.mjs';

withBrowser();

const number = (text) => Number(text.replace(/[€,\s]/g, ''));

test('the Models page fits the demo data and the customers table gains model columns', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  // The first visit fits at once.
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('fit-status').innerText(), /^Fitted in [\d,]+ ms$/);
  // The models were fitted in the Web Worker, off the page's main thread.
  assert.equal(await page.getByTestId('fit-status').getAttribute('data-engine'), 'worker');

  // BG/NBD recovers the demo generator's parameters (r 0.25, alpha 4, a 0.8, b 2.5) roughly.
  const params = await page
    .locator('[data-testid="params-bg-nbd"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.deepEqual(params.map((r) => r[0]), ['r', 'alpha', 'a', 'b']);
  const [r, alpha, a, b] = params.map((row) => Number(row[1]));
  assert.ok(r > 0.2 && r < 0.3 && alpha > 3 && alpha < 5 && a > 0.5 && a < 1.1 && b > 1.5 && b < 3.5, JSON.stringify(params));
  for (const row of params) assert.match(row[3], /^[\d.]+ – [\d.]+$/, 'a 95% interval per parameter');

  // Total CLV with an interval around it.
  const total = number(await page.getByTestId('total-clv').innerText());
  assert.ok(total > 50_000 && total < 500_000, String(total));

  const comparison = await page
    .locator('[data-testid="model-comparison"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.deepEqual(comparison.map((r) => r[0]), ['BG/NBDin use', 'MBG/NBD', 'Pareto/NBD']);
  for (const row of comparison) assert.match(row[5], /^[\d,]+ \/ [\d,]+$/, 'holdout totals');

  // Diagnostics: actual and model bars for 0..7+ repeat purchases; two lines each elsewhere.
  const histogram = page.getByTestId('chart-histogram');
  await expectCount(histogram.locator('rect[fill="#0F4C5C"]'), 8 + 1);
  await expectCount(histogram.locator('rect[fill="#D98E04"]'), 8 + 1);
  const histogramRows = await page
    .locator('[data-testid="chart-histogram-table"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent)));
  assert.equal(histogramRows.length, 8);
  assert.equal(histogramRows[7][0], '7+');
  await page.getByTestId('chart-tracking').waitFor();
  assert.ok((await page.getByTestId('chart-tracking').innerHTML()).includes('end of calibration'));
  assert.ok(await page.getByTestId('chart-conditional').isVisible());
  await screenshot(page, 'models-page');

  // The customers table gains P(alive), expected purchases and revenue, CLV and its interval.
  await page.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'CLV', exact: true }).click();
  const rows = page.locator('[data-testid=customers-table] tbody tr');
  const first = await rows.first().locator('th, td').allInnerTexts();
  assert.equal(first.length, 9 + 5);
  const pAlive = Number(first[9]);
  assert.ok(pAlive >= 0 && pAlive <= 1, first.join(' | '));
  const clvs = (await rows.locator('td:nth-child(13)').allInnerTexts()).map(number);
  assert.deepEqual([...clvs].sort((x, y) => y - x), clvs, 'sorted by CLV, largest first');
  const [low, high] = first[13].split(' – ').map(number);
  assert.ok(low <= number(first[12]) && number(first[12]) <= high, first.join(' | '));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  const csv = await readFile(await download.path(), 'utf-8');
  assert.ok(csv.split('\n')[0].endsWith(',p_alive,expected_purchases,expected_revenue,clv,clv_low,clv_high'));
  assert.equal(csv.trim().split('\n').length, 3001);
  await screenshot(page, 'customers-scored');

  // Another model: the fit goes stale, a click refits, the choice survives a reload.
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  await page.getByTestId('purchase-model').selectOption('pareto-nbd');
  assert.match(await page.getByTestId('fit-status').innerText(), /changed since this fit/);
  await page.getByTestId('fit-models').click();
  await page.getByTestId('params-pareto-nbd').waitFor({ timeout: 60_000 });
  await page.reload();
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('purchase-model').inputValue(), 'pareto-nbd');
  await page.getByTestId('params-pareto-nbd').waitFor();

  // German labels.
  await page.getByRole('button', { name: 'Deutsch' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Modelle und Kundenwert (CLV)');
  await screenshot(page, 'models-page-de');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a data set the models cannot fit gets a clear message', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const onlyFirstPurchases = ['customer_id,date,amount', ...Array.from({ length: 20 }, (_, i) => `c${i},2024-01-${String(i + 1).padStart(2, '0')},10`)].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'once.csv', mimeType: 'text/csv', buffer: Buffer.from(onlyFirstPurchases) });
  await page.getByText('Imported once.csv').waitFor();
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  const error = page.getByTestId('fit-error');
  await error.waitFor({ timeout: 30_000 });
  assert.equal(await error.innerText(), 'The models could not be fitted: no customer has bought more than once');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in-browser timings of the core (release build)', async () => {
  const { context, page } = await openPage(browser, server.url);
  const timings = JSON.parse(await callWasm(page, 'kundenwert_benchmark'));
  // A measurement for the README, not an assertion on speed.
  console.log(`in-browser benchmark (ms): ${JSON.stringify(timings)}`);
  for (const key of ['bg_nbd_fit_100k', 'pareto_nbd_fit_100k', 'gamma_gamma_fit_100k', 'score_1m_p_alive_purchases_clv', 'summary_1m_transactions', 'goals_kpi_series_24_months_100k']) {
    assert.ok(timings[key] > 0, key);
  }
  await context.close();
});
