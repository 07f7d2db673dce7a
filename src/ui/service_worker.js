// Kundenwert's service worker: after one visit the app opens and works with the
// network cut. `.ci/post-build.mjs` writes this template into the build as
// `sw.js`, with BUILD set to a hash of every file of the build and FILES to their
// paths relative to the page (so it works under any sub-path).
//
// - install: every file goes into the cache `kundenwert-<BUILD>`, all or nothing.
// - A new build's worker waits until the page asks it to take over (the page's
//   "update available, reload" notice posts "skip-waiting"), so one page never
//   mixes the files of two builds; then the older caches are deleted.
// - fetch: a file of the build comes from this build's cache; a page load
//   (any query or fragment) gets this build's index.html. Anything else goes
//   to the network as usual.
const BUILD = '__KUNDENWERT_BUILD__';
const FILES = __KUNDENWERT_FILES__;
const CACHE = `kundenwert-${BUILD}`;
const scope = new URL(self.registration.scope);
const urlOf = (file) => new URL(file, scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(urlOf(file), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('kundenwert-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(scope.href)) return;
  const page = request.mode === 'navigate';
  const key = page ? urlOf('index.html') : request.url;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key, { ignoreSearch: page }).then((hit) => hit ?? fetch(request)),
    ),
  );
});
