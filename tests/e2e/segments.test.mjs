// End to end: the Segments page on the demo data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, callWasm, screenshot, expectCount } from './harness.mjs';

withBrowser();

const cells = (locator) => locator.evaluateAll((trs) => trs.map((tr) => Array.from(tr.cells, (c) => c.textContent.trim())));
const count = (text) => Number(text.replace(/,/g, ''));

test('the Segments page shows the demo segments, a grid cell lists exactly its customers, a custom segment survives a reload', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await page.getByRole('link', { name: 'Segments' }).click();
  // The model is fitted on the way (tiers and bands need it).
  await page.locator('[data-testid="clv-tiers"] tbody tr').first().waitFor({ timeout: 60_000 });

  const rfm = await cells(page.locator('[data-testid="rfm-segments"] tbody tr'));
  assert.deepEqual(rfm.map((r) => r[0]), [
    'Champions', 'Loyal Customers', 'Potential Loyalists', 'New Customers', 'Promising', 'Need Attention',
    'About To Sleep', 'At Risk', "Can't Lose Them", 'Hibernating', 'Lost',
  ]);
  assert.equal(rfm.reduce((sum, r) => sum + count(r[1]), 0), 3000);
  const headers = await page.locator('[data-testid="rfm-segments"] thead th').allInnerTexts();
  assert.deepEqual(headers.slice(0, 10), [
    'Segment', 'Customers', 'Share of customers', 'Net revenue', 'Share of revenue', 'Summed CLV', 'Average CLV',
    'Share of value', 'Avg. P(alive)', 'Avg. order value',
  ]);
  for (const r of rfm) assert.ok(count(r[1]) > 0, `${r[0]} is not empty`);
  const tiers = await cells(page.locator('[data-testid="clv-tiers"] tbody tr'));
  assert.deepEqual(tiers.map((r) => [r[0], r[1]]), [['Top 1%', '30'], ['Next 9%', '270'], ['Next 40%', '1,200'], ['Bottom 50%', '1,500']]);
  const bands = await cells(page.locator('[data-testid="risk-bands"] tbody tr'));
  assert.equal(bands.reduce((sum, r) => sum + count(r[1]), 0), 3000);
  assert.match(await page.getByTestId('lorenz-summary').innerText(), /^The top 20% of customers hold \d+\u00a0% of the lifetime value\.$/);
  assert.ok(await page.getByTestId('chart-shares').locator('rect').count() > 20);
  await expectCount(page.locator('[data-testid="p-alive-matrix"] tbody tr'), 8);
  const migration = await page.getByTestId('migration-summary').innerText();
  assert.match(migration, /customers stayed in their segment/);
  // Another start date compares other segments; an empty or partial date keeps the one in use.
  assert.equal(await page.getByTestId('migration-from').inputValue(), '2024-06-30');
  await page.getByTestId('migration-from').fill('2023-12-31');
  await page.waitForFunction((before) => document.querySelector('[data-testid=migration-summary]')?.innerText !== before, migration);
  assert.equal(await page.getByTestId('migration-from').inputValue(), '2023-12-31');
  await screenshot(page, 'segments-page');

  // The grid saves as SVG, with its segment names on it.
  const gridCard = page.getByTestId('rfm-grid').locator('xpath=ancestor::section');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), gridCard.getByRole('button', { name: 'Save as SVG' }).click()]);
  assert.equal(svgDownload.suggestedFilename(), 'kundenwert-rfm-grid.svg');
  const svg = await readFile(await svgDownload.path(), 'utf-8');
  assert.ok(svg.startsWith('<svg') && svg.includes('Champions') && svg.includes('Hibernating'));

  // A click on a grid cell lists exactly that cell's customers.
  const cell = page.getByTestId('grid-r5-f5');
  const inCell = count(await cell.locator('.cell-count').innerText());
  assert.equal(await cell.locator('.cell-segment').innerText(), 'Champions');
  await cell.click();
  await page.getByTestId('customer-filter').waitFor();
  assert.equal(await page.getByTestId('customer-filter').locator('p').innerText(), `Showing Champions (R 5, F 5): ${inCell} customers.`);
  assert.equal(await page.getByTestId('customers-range').innerText(), `1–${Math.min(50, inCell)} of ${inCell}`);
  await page.getByRole('button', { name: 'Show all customers' }).click();
  assert.equal(await page.getByTestId('customers-range').innerText(), '1–50 of 3,000');

  // A custom segment with a live count, saved with the workspace.
  await page.getByRole('link', { name: 'Segments' }).click();
  await page.getByTestId('segment-name').fill('Frequent buyers');
  await page.getByTestId('condition-0-measure').selectOption('Orders');
  await page.getByTestId('condition-0-op').selectOption('≥');
  await page.getByTestId('condition-0-value').fill('5');
  const live = await page.getByTestId('segment-live-count').innerText();
  assert.match(live, /^[\d,]+ customers match$/);
  const matching = count(live.split(' ')[0]);
  assert.ok(matching > 0 && matching < 3000);
  await page.getByTestId('segment-save').click();
  const saved = () => cells(page.locator('[data-testid="custom-segments"] tbody tr'));
  assert.deepEqual((await saved()).map((r) => [r[0], r[1]]), [['Frequent buyers', matching.toLocaleString('en-US')]]);
  await page.reload();
  await page.locator('[data-testid="custom-segments"] tbody tr').first().waitFor({ timeout: 60_000 });
  assert.deepEqual((await saved()).map((r) => [r[0], r[1]]), [['Frequent buyers', matching.toLocaleString('en-US')]]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('100,000 synthetic customers: segments show at once and the models are fitted in the worker', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const csv = await callWasm(page, 'kundenwert_synthetic_transactions_csv', 100000, 1);
  await page.getByTestId('import-file').setInputFiles({ name: 'synthetic.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText('Imported synthetic.csv: 100,000 customers').waitFor({ timeout: 120_000 });
  const started = Date.now();
  await page.getByRole('link', { name: 'Segments' }).click();
  await page.getByTestId('rfm-segments').waitFor();
  // The RFM segments are there while the model is still being fitted off the main thread.
  const status = await page.getByTestId('segments-model-status').innerText();
  assert.match(status, /it is being fitted/);
  const rfm = await cells(page.locator('[data-testid="rfm-segments"] tbody tr'));
  assert.equal(rfm.reduce((sum, r) => sum + count(r[1]), 0), 100000);
  const frames = [];
  for (let i = 0; i < 5; i++) {
    const t = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    frames.push(Date.now() - t);
  }
  await page.locator('[data-testid="clv-tiers"] tbody tr').first().waitFor({ timeout: 120_000 });
  const tiers = await cells(page.locator('[data-testid="clv-tiers"] tbody tr'));
  assert.deepEqual(tiers.map((r) => r[1]), ['1,000', '9,000', '40,000', '50,000']);
  // A measurement, not an assertion: frame times while the worker fitted, and the fit.
  console.log(`in-browser, 100,000 customers: frames while fitting ${frames.join('/')} ms; tiers after ${Date.now() - started} ms`);
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  assert.equal(await page.getByTestId('fit-status').getAttribute('data-engine'), 'worker');
  assert.deepEqual(errors, []);
  await context.close();
});
