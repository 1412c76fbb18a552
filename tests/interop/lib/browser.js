// Reusable browser harness for the interop suites: headless Chromium (Debian's /usr/bin/chromium)
// driven by playwright-core, a page server on 127.0.0.1 (a secure context, so getUserMedia works),
// the unmodified livekit-client bundle, and getStats helpers that run in the page.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');

const CHROMIUM = process.env.SFU_CHROMIUM || '/usr/bin/chromium';

// Only the flags of docs/testing.md: Chromium's default WebRTC behaviour otherwise (no bitrate or
// post-quantum switches), fake camera and microphone.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

function requireModule(name) {
  try {
    return require(name);
  } catch (e) {
    throw new Error(`${name} is not installed: run ./test.sh (it runs npm ci in tests/interop) (${e.message})`);
  }
}

/** Launches headless Chromium with a fresh profile. Returns { context, newPage(), close() }. */
async function launchBrowser(options = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (./test.sh does)`);
  const { chromium } = requireModule('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs || [])],
  });
  return {
    context,
    async newPage(url) {
      const page = await context.newPage();
      page.on('console', (m) => { if (options.verbose) console.log(`[page] ${m.text()}`); });
      page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
      if (url) await page.goto(url);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Serves pages on 127.0.0.1 (port chosen by the OS). Routes: `/` (an empty page that loads
 * /stats.js), `/livekit-client.js` (the unmodified UMD bundle), `/stats.js`, plus `extra` { path: body }.
 * Returns { url, close() }.
 */
async function startPageServer(extra = {}) {
  const lkPath = path.join(__dirname, '..', 'node_modules', 'livekit-client', 'dist', 'livekit-client.umd.js');
  if (!fs.existsSync(lkPath)) throw new Error('livekit-client is not installed: run ./test.sh (it runs npm ci in tests/interop)');
  const routes = {
    '/': { type: 'text/html', body: '<!doctype html><html><head><meta charset="utf-8"><script src="/stats.js"></script></head><body></body></html>' },
    '/livekit-client.js': { type: 'text/javascript', file: lkPath },
    '/livekit-client.e2ee.worker.js': { type: 'text/javascript', file: path.join(path.dirname(lkPath), 'livekit-client.e2ee.worker.js') },
    '/stats.js': { type: 'text/javascript', file: path.join(__dirname, 'page-stats.js') },
  };
  for (const [p, body] of Object.entries(extra)) routes[p] = { type: p.endsWith('.js') ? 'text/javascript' : 'text/html', body };
  const server = http.createServer((req, res) => {
    const r = routes[new URL(req.url, 'http://x').pathname];
    if (!r) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': r.type, 'cache-control': 'no-store' });
    res.end(r.file ? fs.readFileSync(r.file) : r.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Polls fn() (async) until it returns a truthy value or the deadline passes; returns the last value. */
async function waitFor(fn, { timeoutMs = 10000, intervalMs = 250 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return last;
}

module.exports = { launchBrowser, startPageServer, waitFor, CHROMIUM_ARGS };
