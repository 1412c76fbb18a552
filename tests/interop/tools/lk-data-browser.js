// LiveKit data over this server's SCTP data channels, with the unmodified livekit-client in headless
// Chromium: user0 publishes data (reliable and lossy, one reliable message of 63,900 bytes: livekit-client
// refuses packets over 64,000 bytes, so this is the largest it sends in one message, about 55 SCTP packets) and user1 must receive
// each as RoomEvent.DataReceived from user0. A third page, user2, has canPublishData false: what it publishes
// must reach nobody. Finally RoomService.sendData (livekit-server-sdk) reaches user1 with no participant.
//   node lk-data-browser.js '{"server":"ws://127.0.0.1:7880","room":"data"}'
// Prints one JSON line: {ok, received:[...], big:{...}, serverData, fromNoData}
'use strict';
const crypto = require('crypto');
const { launchBrowser, startPageServer, waitFor } = require('../lib/browser');
const { AccessToken, RoomServiceClient, DataPacket_Kind } = require('livekit-server-sdk');

const opts = JSON.parse(process.argv[2] || '{}');
const room = opts.room || 'data';

async function token(identity, canPublishData) {
  const at = new AccessToken(opts.apiKey || 'devkey', opts.secret || 'secret', { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData });
  return at.toJwt();
}

async function joinInPage(args) {
  const LK = window.LivekitClient;
  const r = new LK.Room();
  window.room = r;
  window.received = [];
  r.on(LK.RoomEvent.DataReceived, (payload, participant, kind, topic) => {
    // Small payloads as text; big ones as length + SHA-256 so the result line stays short.
    const entry = { from: participant ? participant.identity : null, kind, topic: topic || null, length: payload.length };
    if (payload.length <= 256) entry.text = new TextDecoder().decode(payload);
    window.received.push(entry);
    if (payload.length > 256) crypto.subtle.digest('SHA-256', payload).then((h) => { entry.sha256 = [...new Uint8Array(h)].map((b) => b.toString(16).padStart(2, '0')).join(''); });
  });
  await r.connect(args.url, args.token);
  return { state: r.state, sid: r.localParticipant.sid };
}

(async () => {
  const result = { ok: false, pages: [] };
  const server = await startPageServer();
  const browser = await launchBrowser({ verbose: !!opts.verbose });
  const deadline = setTimeout(() => { console.log(JSON.stringify({ ...result, error: 'driver timeout' })); process.exit(2); }, (opts.timeout || 120) * 1000);
  try {
    const pages = [];
    for (let i = 0; i < 3; i++) pages.push(await browser.newPage(server.url + '/'));
    for (const page of pages) await page.addScriptTag({ url: '/livekit-client.js' });
    for (let i = 0; i < 3; i++) result.pages.push(await pages[i].evaluate(joinInPage, { url: opts.server, token: await token('user' + i, i !== 2) }));
    const [p0, p1, p2] = pages;
    const seen = (page, pred) => page.evaluate((src) => window.received.some(new Function('e', 'return ' + src)), pred);

    await p0.evaluate(async () => {
      const enc = new TextEncoder();
      await window.room.localParticipant.publishData(enc.encode('hello reliable'), { reliable: true, topic: 'chat' });
    });
    result.gotReliable = !!(await waitFor(() => seen(p1, "e.text === 'hello reliable' && e.from === 'user0' && e.topic === 'chat'"), { timeoutMs: 30000 }));
    await p0.evaluate(async () => {
      const enc = new TextEncoder();
      // Lossy delivery is best effort by design: send a few; one arriving proves the path.
      for (let i = 0; i < 5; i++) await window.room.localParticipant.publishData(enc.encode('hello lossy'), { reliable: false });
    });
    result.gotLossy = !!(await waitFor(() => seen(p1, "e.text === 'hello lossy' && e.from === 'user0'"), { timeoutMs: 15000 }));

    const big = crypto.randomBytes(opts.bigBytes || 63900);
    result.bigSha256 = crypto.createHash('sha256').update(big).digest('hex');
    await p0.evaluate(async (bytes) => { await window.room.localParticipant.publishData(new Uint8Array(bytes), { reliable: true }); }, [...big]);
    result.gotBig = !!(await waitFor(() => seen(p1, `e.length === ${big.length} && e.from === 'user0' && e.sha256 === '${result.bigSha256}'`), { timeoutMs: 30000 }));

    // destinationIdentities: only user2 gets it (user1 then gets a marker, so its absence there is meaningful).
    await p0.evaluate(async () => {
      await window.room.localParticipant.publishData(new TextEncoder().encode('for user2'), { reliable: true, destinationIdentities: ['user2'] });
      await window.room.localParticipant.publishData(new TextEncoder().encode('after directed'), { reliable: true });
    });
    result.directedReached = !!(await waitFor(() => seen(p2, "e.text === 'for user2' && e.from === 'user0'"), { timeoutMs: 15000 }));
    await waitFor(() => seen(p1, "e.text === 'after directed'"), { timeoutMs: 15000 });
    result.directedLeaked = await p1.evaluate(() => window.received.filter((e) => e.text === 'for user2').length);

    // user2 lacks canPublishData: the server must drop it. user0 sends a marker after it to know when to stop waiting.
    await p2.evaluate(async () => {
      try { await window.room.localParticipant.publishData(new TextEncoder().encode('forbidden'), { reliable: true }); } catch (e) { window.publishError = String(e); }
    });
    await p0.evaluate(async () => { await window.room.localParticipant.publishData(new TextEncoder().encode('marker'), { reliable: true }); });
    await waitFor(() => seen(p1, "e.text === 'marker'"), { timeoutMs: 15000 });
    result.fromNoData = await p1.evaluate(() => window.received.filter((e) => e.text === 'forbidden').length);

    const http = opts.server.replace(/^ws/, 'http');
    const svc = new RoomServiceClient(http, opts.apiKey || 'devkey', opts.secret || 'secret');
    await svc.sendData(room, new TextEncoder().encode('from server'), DataPacket_Kind.RELIABLE, { destinationIdentities: ['user1'], topic: 'ops' });
    result.serverData = !!(await waitFor(() => seen(p1, "e.text === 'from server' && e.from === null && e.topic === 'ops'"), { timeoutMs: 15000 }));
    result.serverDataToOthers = await p0.evaluate(() => window.received.filter((e) => e.text === 'from server').length);

    result.received = await p1.evaluate(() => window.received.map((e) => ({ from: e.from, kind: e.kind, topic: e.topic, length: e.length, text: e.length <= 64 ? e.text : undefined })));
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    clearTimeout(deadline);
    await browser.close();
    await server.close();
  }
  console.log(JSON.stringify(result));
  process.exit(0);
})();
