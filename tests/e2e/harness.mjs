// Test harness: serves the built dist/ on 127.0.0.1 under a sub-path (so the
// relative asset paths are exercised) and drives the system Chromium with
// playwright-core.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { crc32, deflateRawSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
// KUNDENWERT_DIST serves another build (e.g. a quick debug build while developing).
export const DIST = process.env.KUNDENWERT_DIST ?? join(here, '..', '..', 'dist');
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

/**
 * A static file server for dist/ at SUB_PATH; resolves to { url, origin, close, serve }.
 * Every answer says `Cache-Control: no-cache`, so the browser's HTTP cache never
 * opens the page on its own (the offline test must see the service worker do it).
 * `serve(dir)` switches to another build at the same address (the next deployment);
 * `port` reuses an address after `close`.
 */
export function serveDist({ dist = DIST, port = 0 } = {}) {
  let root = dist;
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
      const body = await readFile(join(root, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        url: `${origin}${SUB_PATH}`,
        origin,
        port,
        serve: (dir) => {
          root = dir;
        },
        close: () =>
          new Promise((r) => {
            server.close(r);
            server.closeAllConnections();
          }),
      });
    });
  });
}

/**
 * The test file's browser and server (live bindings: set once `withBrowser`'s
 * `before` hook has run).
 */
export let browser;
export let server;

/** Starts the server and the browser before a test file's tests and stops them after. */
export function withBrowser() {
  before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
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

/**
 * Records into `errors` the console errors and page errors of every page of
 * `context`, and every request that leaves the page's origin (nothing may).
 */
export function watchContext(context, errors, origin = server?.origin) {
  context.on('request', (request) => {
    const url = new URL(request.url());
    const local = url.protocol === 'blob:' || url.protocol === 'data:' || url.protocol === 'file:';
    if (!local && url.origin !== origin) errors.push(`request left the origin: ${request.url()}`);
  });
  context.on('page', (page) => watchPage(page, errors));
}

function watchPage(page, errors) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
}

/** A page in a new context that records errors and requests leaving the origin into `errors`. */
export async function openPage(browser, url, { locale = 'en-US', viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ locale, viewport, acceptDownloads: true });
  const errors = [];
  watchContext(context, errors);
  const page = await context.newPage();
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

/**
 * An Excel workbook (.xlsx, deflated as Excel writes it) of `rows`: arrays of
 * strings, numbers and `Date`s (date cells with a date format), the first row
 * the headers. Inline strings, one sheet: what calamine reads like Excel's own.
 */
export function xlsxWorkbook(rows) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const column = (i) => String.fromCharCode(65 + i);
  const serial = (d) => (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  const cell = (v, r, c) => {
    const ref = `${column(c)}${r}`;
    if (v instanceof Date) return `<c r="${ref}" s="1"><v>${serial(v)}</v></c>`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${escape(String(v))}</t></is></c>`;
  };
  const sheet = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    ...rows.map((row, i) => `<row r="${i + 1}">${row.map((v, c) => cell(v, i + 1, c)).join('')}</row>`),
    '</sheetData></worksheet>',
  ].join('');
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><sheets><sheet name="Bestellungen" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml': sheet,
  };
  // A zip archive: local headers with the deflated data, then the central directory.
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf-8');
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf-8');
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    locals.push(header, nameBytes, packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The workspaces stored in the page's IndexedDB: their catalogue entries
 * (id, name, revision, sizes, ...), read directly from the database.
 */
export async function storedWorkspaces(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('kundenwert');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('meta').objectStore('meta').getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result.map((text) => JSON.parse(text)).sort((a, b) => a.created_ms - b.created_ms));
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
