// End to end: several workspaces in IndexedDB (create, rename, duplicate,
// switch, delete with undo, the last one used opens next time), and two tabs
// of one browser seeing each other's saves without overwriting them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser, browser, server, openPage, screenshot, csvFile, expectCount, expectText, storedWorkspaces } from './harness.mjs';

withBrowser();

const text = (page, id) => page.getByTestId(id).innerText();
const rows = (page) => page.getByTestId('workspace-row');
const row = (page, name) => rows(page).filter({ has: page.getByTestId('workspace-name').getByText(name, { exact: true }) });
const names = (page) => page.getByTestId('workspace-name').allInnerTexts();

async function goToWorkspaces(page) {
  await page.getByRole('link', { name: 'Workspaces' }).click();
  await page.getByTestId('workspaces').waitFor();
}

async function expectValue(locator, expected, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let value = await locator.inputValue();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await locator.inputValue();
  }
  assert.equal(value, expected);
}

async function waitSaved(page) {
  await expectText(page.getByTestId('save-status'), 'Saved in this browser');
}

test('workspaces are created, renamed, duplicated, switched and deleted with an undo; the last one opens next time', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  await expectText(page.getByTestId('current-workspace'), 'Demo');
  await goToWorkspaces(page);
  await expectCount(rows(page), 1);
  assert.match(await text(page, 'storage-use'), /Your workspaces take/);

  // A new workspace from a file: empty, then the Data page's import.
  await page.getByTestId('new-workspace-file').click();
  await expectText(page.getByTestId('current-workspace'), 'New workspace');
  await page.getByTestId('import-file').waitFor();
  assert.match(await text(page, 'source'), /no data yet/);
  const orders = 'customer_id,date,amount\nA-1,2024-01-05,50\nA-1,2024-02-09,150\nB-2,2024-01-20,80\n';
  await page.getByTestId('import-file').setInputFiles(csvFile('spring.csv', orders));
  await page.getByText('Imported spring.csv: 2 customers, 3 transactions.').waitFor();
  await waitSaved(page);

  // Rename it.
  await goToWorkspaces(page);
  await row(page, 'New workspace').getByTestId('workspace-rename').click();
  await page.getByTestId('workspace-name-input').fill('Spring shop');
  await page.getByTestId('workspace-name-input').press('Enter');
  await expectText(page.getByTestId('current-workspace'), 'Spring shop');
  await expectCount(row(page, 'Spring shop'), 1);
  assert.match(await row(page, 'Spring shop').innerText(), /spring\.csv · 2 customers/);

  // Duplicate it: the copy has the same data; a change in the copy stays in the copy.
  await row(page, 'Spring shop').getByTestId('workspace-duplicate').click();
  await expectCount(row(page, 'Spring shop (copy)'), 1);
  await row(page, 'Spring shop (copy)').getByTestId('workspace-open').click();
  await expectText(page.getByTestId('current-workspace'), 'Spring shop (copy)');
  await expectText(page.getByTestId('stat-customers'), '2');
  await page.getByRole('button', { name: 'Days' }).click();
  await waitSaved(page);

  // Switch: each workspace has its own data and settings.
  await goToWorkspaces(page);
  await row(page, 'Demo').getByTestId('workspace-open').click();
  await expectText(page.getByTestId('stat-customers'), '3,000');
  assert.equal(await page.getByRole('button', { name: 'Weeks' }).getAttribute('aria-pressed'), 'true');
  await goToWorkspaces(page);
  await row(page, 'Spring shop').getByTestId('workspace-open').click();
  await expectText(page.getByTestId('stat-customers'), '2');
  assert.equal(await page.getByRole('button', { name: 'Weeks' }).getAttribute('aria-pressed'), 'true');
  await goToWorkspaces(page);
  await row(page, 'Spring shop (copy)').getByTestId('workspace-open').click();
  await expectText(page.getByTestId('stat-customers'), '2');
  assert.equal(await page.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed'), 'true');
  await goToWorkspaces(page);
  await screenshot(page, 'workspaces');

  // Delete asks first; an undo puts it back whole.
  await row(page, 'Spring shop').getByTestId('workspace-delete').click();
  await page.getByTestId('workspace-delete-confirm').click();
  await page.getByTestId('workspace-deleted').waitFor();
  assert.match(await text(page, 'workspace-deleted'), /“Spring shop” was deleted/);
  await expectCount(row(page, 'Spring shop'), 0);
  assert.equal((await storedWorkspaces(page)).length, 2);
  await page.getByTestId('workspace-undo').click();
  await expectCount(row(page, 'Spring shop'), 1);
  assert.equal((await storedWorkspaces(page)).length, 3);
  // Deleting the open one opens another.
  await row(page, 'Spring shop (copy)').getByTestId('workspace-delete').click();
  await page.getByTestId('workspace-delete-confirm').click();
  await page.getByTestId('workspace-deleted').waitFor();
  await expectCount(rows(page), 2);
  const open = await page.getByTestId('current-workspace').innerText();
  assert.ok(['Demo', 'Spring shop'].includes(open), open);

  // The last one used opens after a reload.
  const other = open === 'Demo' ? 'Spring shop' : 'Demo';
  await row(page, other).getByTestId('workspace-open').click();
  await expectText(page.getByTestId('current-workspace'), other);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  await expectText(page.getByTestId('current-workspace'), other);
  await expectText(page.getByTestId('stat-customers'), other === 'Demo' ? '3,000' : '2');
  await goToWorkspaces(page);
  assert.deepEqual((await names(page)).sort(), ['Demo', 'Spring shop']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a change saved in one tab appears in the other; a tab with changes of its own is never overwritten silently', async () => {
  const first = await openPage(browser, server.url);
  const a = first.page;
  await waitSaved(a);
  const b = await first.context.newPage();
  await b.goto(server.url);
  await b.getByTestId('stat-customers').waitFor();

  // Tab A changes the time unit; tab B shows it without a reload.
  await a.getByRole('button', { name: 'Days' }).click();
  await waitSaved(a);
  await b.getByTestId('workspace-notice').waitFor();
  assert.match(await text(b, 'workspace-notice'), /Updated with the changes saved in another tab/);
  await expectText(b.getByRole('button', { name: 'Days', pressed: true }), 'Days');

  // Both change the same workspace within the save delay: the one that saves
  // second is refused (its write names an older revision) and is told.
  const conflictA = a.getByTestId('workspace-conflict');
  const conflictB = b.getByTestId('workspace-conflict');
  await a.getByTestId('observation-end').fill('2024-02-01');
  await b.getByTestId('observation-end').fill('2024-01-15');
  await Promise.race([conflictA.waitFor(), conflictB.waitFor()]);
  const loser = (await conflictB.count()) > 0 ? b : a;
  const winner = loser === b ? a : b;
  const winnerEnd = await winner.getByTestId('observation-end').inputValue();
  assert.match(await text(loser, 'workspace-conflict'), /changed in another tab while you had unsaved changes/);
  await screenshot(loser, 'workspace-conflict');
  assert.match(await text(loser, 'save-status'), /changed in another tab/);
  // Keep mine: the loser's state becomes a new workspace; the winner's stays as saved.
  const loserEnd = await loser.getByTestId('observation-end').inputValue();
  await loser.getByTestId('conflict-keep-mine').click();
  await expectText(loser.getByTestId('current-workspace'), 'Demo (my version)');
  await waitSaved(loser);
  const stored = await storedWorkspaces(loser);
  assert.deepEqual(stored.map((m) => m.name).sort(), ['Demo', 'Demo (my version)']);
  assert.notEqual(loserEnd, winnerEnd);
  // Each is stored as its tab left it: read back in a fresh tab.
  const fresh = await first.context.newPage();
  await fresh.goto(server.url);
  await fresh.getByTestId('stat-customers').waitFor();
  // The workspace used last (in any tab) opens.
  await expectText(fresh.getByTestId('current-workspace'), 'Demo (my version)');
  assert.equal(await fresh.getByTestId('observation-end').inputValue(), loserEnd);
  await goToWorkspaces(fresh);
  await row(fresh, 'Demo').getByTestId('workspace-open').click();
  await expectText(fresh.getByTestId('current-workspace'), 'Demo');
  await fresh.getByTestId('observation-end').waitFor();
  await expectValue(fresh.getByTestId('observation-end'), winnerEnd);
  assert.deepEqual(first.errors, []);
  await first.context.close();
});

test('a change made just before a reload is kept, even when the page is gone before IndexedDB commits it', async () => {
  const { context, page, errors } = await openPage(browser, server.url);
  // Served by the service worker, a reload unloads the page within milliseconds.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const days = page.getByRole('button', { name: 'Days' });
  const pressed = (p) => p.getByRole('button', { name: 'Days' }).getAttribute('aria-pressed');

  // Reloaded at once after the click: the save still waits for its delay.
  await days.click();
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  assert.equal(await pressed(page), 'true');

  // Every IndexedDB write of this page is held open, so none can commit before the page goes.
  await page.evaluate(() => {
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
      const tx = original.call(this, stores, mode, ...rest);
      if (mode === 'readwrite') {
        window.heldWrites = (window.heldWrites ?? 0) + 1;
        const store = tx.objectStore(tx.objectStoreNames[0]);
        const keepBusy = () => (store.count().onsuccess = keepBusy);
        keepBusy();
      }
      return tx;
    };
  });
  await page.getByRole('button', { name: 'Weeks' }).click();
  await page.getByTestId('observation-end').fill('2024-06-30');
  await page.getByTestId('observation-end').dispatchEvent('change');
  // The save has started (and is held).
  await page.waitForFunction(() => window.heldWrites >= 1);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  assert.equal(await pressed(page), 'false');
  assert.equal(await page.getByTestId('observation-end').inputValue(), '2024-06-30');
  // Written to IndexedDB on this opening: a further reload reads it from there.
  assert.equal(await page.evaluate(() => localStorage.getItem('kundenwert.unsaved')), null);
  await page.reload();
  await page.getByTestId('stat-customers').waitFor();
  assert.equal(await page.getByTestId('observation-end').inputValue(), '2024-06-30');
  assert.deepEqual(errors, []);
  await context.close();
});
