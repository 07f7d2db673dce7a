// Test harness: serves the built dist/ on 127.0.0.1 under a sub-path (so the
// relative asset paths are exercised) and drives the system Chromium with
// playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '..', '..', 'dist');
export const ARTIFACTS = join(here, 'artifacts');
export const SUB_PATH = '/hosted/under/kundenwert/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** A static file server for dist/ at SUB_PATH; resolves to { url, close }. */
export function serveDist() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    let rel = normalize(path.slice(SUB_PATH.length));
    if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(join(DIST, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${SUB_PATH}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Headless Chromium with the flags this sandboxed machine needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that records console errors and page errors into `errors`. */
export async function openPage(browser, url, { locale = 'en-US', viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await page.getByTestId('stat-customers').waitFor();
  return { context, page, errors };
}

/**
 * Calls an exported function of the page's wasm module. Trunk sets `window.wasmBindings` only
 * after the module has started (and the app has mounted), so this waits for it first.
 */
export async function callWasm(page, name, ...args) {
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  return page.evaluate(([name, args]) => window.wasmBindings[name](...args), [name, args]);
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A CSV file for the file input. */
export function csvFile(name, text) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') };
}

/**
 * Waits until `locator` matches exactly `expected` elements (the page renders
 * asynchronously after a click or an input), then asserts it; on time-out the
 * assertion reports the last count seen.
 */
export async function expectCount(locator, expected, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let count = await locator.count();
  while (count !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    count = await locator.count();
  }
  if (count !== expected) {
    throw new Error(`expected ${expected} elements for ${locator}, found ${count} after ${timeout} ms`);
  }
}

/** Waits until `locator`'s inner text equals `expected`, then asserts it. */
export async function expectText(locator, expected, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let actual = await locator.innerText();
  while (actual !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    actual = await locator.innerText();
  }
  if (actual !== expected) {
    throw new Error(`expected text ${JSON.stringify(expected)} for ${locator}, found ${JSON.stringify(actual)}`);
  }
}
