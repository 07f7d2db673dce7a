// End to end: the single-file build (bash .ci/single-file → dist-single/kundenwert.html)
// opened from file://, with no server at all: the demo fits in the worker, a CSV is
// imported and fitted, nothing is requested from anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser, watchContext, screenshot, csvFile, expectText } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SINGLE = process.env.KUNDENWERT_SINGLE ?? join(here, '..', '..', 'dist-single', 'kundenwert.html');

/**
 * 300 customers of 2024, each buying at its own rate until it leaves (a Pareto/NBD-like
 * process, deterministic); 255 buy before the year ends.
 */
function orders() {
  const lines = ['customer_id,date,amount'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let c = 1; c <= 300; c++) {
    const rate = (0.05 + 2 * next() ** 3) / 30;
    const end = Math.min(366, Math.floor(next() * 180) + 1 - Math.log(1 - next()) * (60 + 400 * next()));
    const spend = 20 + 80 * next();
    let day = Math.floor(next() * 180);
    while (day < end) {
      const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      lines.push(`c${c},${date},${(spend * (0.7 + 0.6 * next())).toFixed(2)}`);
      day += 1 + Math.floor(-Math.log(1 - next()) / rate);
    }
  }
  return lines.join('\n');
}

test('the single file opens from file:// and works fully: the demo fits in the worker, a CSV imports and fits', async () => {
  await stat(SINGLE);
  const browser = await launchBrowser();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const errors = [];
  watchContext(context, errors, 'file://');
  const page = await context.newPage();
  await page.goto(pathToFileURL(SINGLE).href);
  await page.getByTestId('stat-customers').waitFor({ timeout: 30_000 });
  await expectText(page.getByTestId('stat-customers'), '3,000');
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  await page.getByTestId('total-clv').waitFor({ timeout: 60_000 });
  assert.equal(await page.getByTestId('fit-status').getAttribute('data-engine'), 'worker');

  await page.getByRole('link', { name: 'Data' }).click();
  await page.getByTestId('import-file').setInputFiles(csvFile('orders.csv', orders()));
  await page.getByText('Imported orders.csv: 255 customers').waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Models & CLV' }).click();
  // The demo's fit is stale now: a new fit for the new data, in the worker.
  await page.getByTestId('fit-models').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=fit-status]')?.dataset.engine === 'worker', null, { timeout: 60_000 });
  await page.getByTestId('total-clv').waitFor();
  assert.match(await page.getByTestId('fit-status').innerText(), /^Fitted in [\d,]+ ms$/);
  await screenshot(page, 'single-file-models');
  // Kept in the browser's storage of the file, as on a hosted page.
  await page.reload();
  await page.getByRole('link', { name: 'Data' }).click();
  await expectText(page.getByTestId('stat-customers'), '255');
  assert.deepEqual(errors, []);
  await browser.close();
});
