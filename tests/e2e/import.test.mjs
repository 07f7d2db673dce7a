// End to end: shop exports through the mapping step, against the built dist/.
// The expected figures are pandas' (tests/fixtures/import/expected.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withBrowser, browser, server, openPage, screenshot, csvFile, expectText } from './harness.mjs';

withBrowser();

const fixture = async (name) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: await readFile(new URL(`../fixtures/import/${name}`, import.meta.url)),
});

async function drop(page, file) {
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('mapping-step').waitFor({ timeout: 30_000 });
}

test('a German Windows-1252 export is recognised, a role change shows in the preview, and the import lands on the Data page', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await drop(page, await fixture('german_windows1252.csv'));
  await expectText(page.getByTestId('mapping-layout'), 'Recognised as: German spreadsheet.');
  await expectText(page.getByTestId('mapping-format'), 'Text file in Windows-1252, separated by semicolon.');
  // The umlauts of the notes come through.
  assert.match(await page.getByTestId('mapping-sample').innerText(), /Größe/);
  assert.equal(await page.getByTestId('mapping-decimal').inputValue(), ',');
  assert.equal(await page.getByTestId('mapping-date-order').inputValue(), 'Dmy');
  const figures = '9 customers, 20 orders, net revenue €9,103.90, from 2024-01-03 to 2024-12-31.';
  await expectText(page.getByTestId('mapping-preview'), figures);
  // Ignoring the amount column: the preview says what is missing and the import waits.
  await page.getByTestId('mapping-role-2').selectOption('ignore');
  await expectText(page.getByTestId('mapping-problems'), 'Choose a column for: Order amount.');
  assert.equal(await page.getByTestId('mapping-confirm').isDisabled(), true);
  await page.getByTestId('mapping-role-2').selectOption('amount');
  await expectText(page.getByTestId('mapping-preview'), figures);
  await screenshot(page, 'import-mapping-german');
  await page.getByTestId('mapping-confirm').click();
  await expectText(page.getByTestId('stat-customers'), '9');
  assert.match(await page.getByTestId('import-outcome').innerText(), /Imported german_windows1252\.csv: 9 customers, 20 transactions\. Recognised as: German spreadsheet\./);
  await page.reload();
  await expectText(page.getByTestId('stat-customers'), '9');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a Shopify export counts each order once; a status set to count changes the preview and is remembered for the next file', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await drop(page, await fixture('shopify_orders.csv'));
  await expectText(page.getByTestId('mapping-layout'), 'Recognised as: Shopify orders export.');
  await expectText(page.getByTestId('mapping-preview'), '10 customers, 14 orders, net revenue €1,967.02, from 2024-03-05 to 2024-06-28.');
  assert.match(await page.getByTestId('mapping-preview-details').innerText(), /Line items folded into their order: 21\. Refunded orders left out: 1\. Orders not counted for their status: 3\. Orders in other currencies left out: 1\./);
  // "pending" (order #1007, €123.40, by Felix, who also ordered as Felix.Braun@Example.com) counts from now on.
  const pending = page.getByTestId('mapping-statuses').locator('label', { hasText: 'pending (1 orders)' }).locator('select');
  assert.equal(await pending.inputValue(), 'excluded');
  await pending.selectOption('counts');
  await expectText(page.getByTestId('mapping-preview'), '10 customers, 15 orders, net revenue €2,090.42, from 2024-03-05 to 2024-06-28.');
  await page.getByTestId('mapping-confirm').click();
  await expectText(page.getByTestId('stat-customers'), '10');
  await expectText(page.getByTestId('stat-transactions'), '15');
  // The same headers again: the confirmed choices come back.
  await drop(page, await fixture('shopify_orders.csv'));
  await page.getByTestId('mapping-remembered').waitFor();
  await expectText(page.getByTestId('mapping-preview'), '10 customers, 15 orders, net revenue €2,090.42, from 2024-03-05 to 2024-06-28.');
  assert.deepEqual(errors, []);
  await context.close();
});

// Every fixture with pandas' figures (tests/fixtures/import/expected.py):
// layout, customers, orders, net revenue, first and last order date.
const FIXTURES = [
  ['german_windows1252.csv', 'German spreadsheet', '9', '20', '€9,103.90', '2024-01-03', '2024-12-31'],
  ['german_utf8.csv', 'German spreadsheet', '9', '20', '€9,103.90', '2024-01-03', '2024-12-31'],
  ['shopify_orders.csv', 'Shopify orders export', '10', '14', '€1,967.02', '2024-03-05', '2024-06-28'],
  ['woocommerce_analytics_orders.csv', 'WooCommerce Analytics orders', '9', '13', '€1,744.41', '2024-02-01', '2024-04-05'],
  ['woocommerce_order_export.csv', 'WooCommerce order export', '6', '9', '€1,627.90', '2024-01-08', '2024-03-13'],
  ['orders.xlsx', 'German spreadsheet', '4', '5', '€1,339.26', '2023-12-31', '2024-02-04'],
  ['orders.xls', 'German spreadsheet', '4', '5', '€1,339.26', '2023-12-31', '2024-02-04'],
  ['orders.ods', 'German spreadsheet', '4', '5', '€1,339.26', '2023-12-31', '2024-02-04'],
];

test('every fixture is recognised, previewed and lands on the Data page with the figures pandas computed', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  for (const [name, layout, customers, orders, revenue, first, last] of FIXTURES) {
    await drop(page, await fixture(name));
    await expectText(page.getByTestId('mapping-layout'), `Recognised as: ${layout}.`);
    // Workbooks are read with their date and number cells.
    if (/\.(xlsx|xls|ods)$/.test(name)) assert.match(await page.getByTestId('mapping-format').innerText(), /^Workbook; sheet read: /);
    await expectText(page.getByTestId('mapping-preview'), `${customers} customers, ${orders} orders, net revenue ${revenue}, from ${first} to ${last}.`);
    await page.getByTestId('mapping-confirm').click();
    await expectText(page.getByTestId('stat-customers'), customers);
    await expectText(page.getByTestId('stat-transactions'), orders);
    await expectText(page.getByTestId('stat-revenue'), revenue);
    await expectText(page.getByTestId('stat-range'), `${first} – ${last}`);
    assert.match(await page.getByTestId('import-outcome').innerText(), new RegExp(`Recognised as: ${layout}\\.`));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('cancelling the mapping step leaves the data as it was', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  const before = await page.getByTestId('stat-customers').innerText();
  await drop(page, await fixture('woocommerce_order_export.csv'));
  await expectText(page.getByTestId('mapping-layout'), 'Recognised as: WooCommerce order export.');
  await expectText(page.getByTestId('mapping-preview'), '6 customers, 9 orders, net revenue €1,627.90, from 2024-01-08 to 2024-03-13.');
  await page.getByTestId('mapping-cancel').click();
  assert.equal(await page.getByTestId('mapping-step').count(), 0);
  await expectText(page.getByTestId('stat-customers'), before);
  await page.reload();
  await expectText(page.getByTestId('stat-customers'), before);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a column nothing decides is asked about, and the answer is taken', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await drop(page, csvFile('ambiguous.csv', 'Kundennummer;Bestelldatum;Betrag\nK1;03.04.2024;1.234\nK2;05.06.2024;2.500\n'));
  await expectText(
    page.getByTestId('mapping-problems'),
    'The amounts can be read with either decimal mark: please choose one.\nThe dates can be read day first or month first: please choose the order.',
  );
  assert.equal(await page.getByTestId('mapping-confirm').isDisabled(), true);
  await page.getByTestId('mapping-decimal').selectOption(',');
  await page.getByTestId('mapping-date-order').selectOption('Dmy');
  await expectText(page.getByTestId('mapping-preview'), '2 customers, 2 orders, net revenue €3,734.00, from 2024-04-03 to 2024-06-05.');
  assert.deepEqual(errors, []);
  await context.close();
});
