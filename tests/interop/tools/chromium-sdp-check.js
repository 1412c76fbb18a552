#!/usr/bin/env node
// Real-Chromium acceptance check for the SDP the server writes (docs/sdp.md).
//
// Headless Chromium (playwright-core, /usr/bin/chromium, the flags of shared docs/test-peers.md) is launched
// once, on a blank page served from 127.0.0.1 (a secure context, so getUserMedia and the fake devices work).
//
//   node chromium-sdp-check.js offers
//       Prints {"plain":sdp, "simulcast":sdp, "recvonly":sdp, "data":sdp, "livekit":sdp}: offers made by
//       Chromium for each scenario (fresh peer connection each).
//
//   node chromium-sdp-check.js serve
//       Reads one JSON request per line on stdin and writes one JSON reply per line on stdout. The peer
//       connections live in the page between requests, so an answer is applied to the very connection
//       whose offer it answers (setLocalDescription(offer) then setRemoteDescription(answer)):
//         {"op":"offer","id":"a","scenario":"plain"}        -> {"id":"a","ok":true,"sdp":"..."}
//         {"op":"answer","id":"a","sdp":"<server answer>"}   -> {"id":"a","ok":true|false,"error":..., "transceivers":[...]}
//         {"op":"remoteOffer","id":"b","sdp":"<server offer>"} -> setRemoteDescription(offer), createAnswer,
//                                                                setLocalDescription; {"ok", "answer", "transceivers", "tracks"}
//         {"op":"quit"}
//       Each transceiver is reported with mid, direction, currentDirection and the negotiated codecs of its
//       sender and receiver (RTCRtpParameters.codecs); "tracks" lists the ontrack events (mid, stream ids).
//
//   node chromium-sdp-check.js apply < pairs.json
//       pairs.json: [{"id","type":"offer","sdp":"<server offer>"}...]. Runs remoteOffer for each and prints the
//       replies as a JSON array. (Server answers need the peer connection that made the offer, so they go
//       through "serve".)
//
// Exit code 2 with a message on stderr when Chromium or playwright-core is missing: the caller must fail.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const readline = require('readline');

const CHROMIUM = process.env.SFU_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

function die(message) {
  process.stderr.write(`chromium-sdp-check: ${message}\n`);
  process.exit(2);
}

// Functions evaluated inside the page. Peer connections are kept in window.__pcs by id.
const PAGE_HELPERS = `
window.__pcs = {};
window.__tracks = {};
window.__offers = {};
window.__describe = (pc) => pc.getTransceivers().map(t => {
  const codecs = (p) => (p.codecs || []).map(c => ({ mimeType: c.mimeType, payloadType: c.payloadType,
    clockRate: c.clockRate, channels: c.channels || 0, sdpFmtpLine: c.sdpFmtpLine || '' }));
  return { mid: t.mid, direction: t.direction, currentDirection: t.currentDirection, stopped: !!t.stopped,
    kind: t.receiver.track ? t.receiver.track.kind : null,
    sendCodecs: codecs(t.sender.getParameters()), recvCodecs: codecs(t.receiver.getParameters()),
    sendEncodings: (t.sender.getParameters().encodings || []).map(e => ({ rid: e.rid || null, active: e.active })) };
});
window.__newPc = (id) => {
  const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  window.__pcs[id] = pc;
  window.__tracks[id] = [];
  pc.ontrack = (e) => window.__tracks[id].push({ mid: e.transceiver.mid, kind: e.track.kind, streams: e.streams.map(s => s.id) });
  return pc;
};
window.__scenario = async (id, scenario) => {
  const pc = window.__newPc(id);
  if (scenario === 'plain') {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    pc.addTrack(s.getAudioTracks()[0], s);
    pc.addTrack(s.getVideoTracks()[0], s);
  } else if (scenario === 'simulcast' || scenario === 'livekit') {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
    if (scenario === 'livekit') {
      // livekit-client's single-PC layout: recvonly sections and the data channel ahead of mic and camera.
      for (let i = 0; i < 3; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
      for (let i = 0; i < 3; i++) pc.addTransceiver('video', { direction: 'recvonly' });
      pc.createDataChannel('_reliable');
      pc.addTransceiver(s.getAudioTracks()[0], { direction: 'sendonly', streams: [s] });
    }
    pc.addTransceiver(s.getVideoTracks()[0], { direction: 'sendonly', streams: [s], sendEncodings: [
      { rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }] });
    if (scenario === 'simulcast') pc.addTransceiver(s.getAudioTracks()[0], { direction: 'sendonly', streams: [s] });
  } else if (scenario === 'recvonly') {
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
  } else if (scenario === 'data') {
    pc.createDataChannel('data');
  } else {
    throw new Error('unknown scenario ' + scenario);
  }
  const offer = await pc.createOffer();
  window.__offers[id] = offer;
  return offer.sdp;
};
window.__applyAnswer = async (id, sdp) => {
  const pc = window.__pcs[id];
  if (!pc) return { ok: false, error: 'no peer connection ' + id };
  try {
    // The answer is applied to the very offer it answers (the text the server saw).
    if (pc.signalingState === 'stable') await pc.setLocalDescription(window.__offers[id]);
    await pc.setRemoteDescription({ type: 'answer', sdp });
    return { ok: true, signalingState: pc.signalingState, sctp: !!pc.sctp, transceivers: window.__describe(pc),
      tracks: window.__tracks[id] };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e), transceivers: window.__describe(pc) };
  }
};
window.__applyOffer = async (id, sdp) => {
  const pc = window.__pcs[id] || window.__newPc(id);
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    return { ok: true, answer: pc.localDescription.sdp, signalingState: pc.signalingState, sctp: !!pc.sctp,
      transceivers: window.__describe(pc), tracks: window.__tracks[id] };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e), transceivers: window.__describe(pc) };
  }
};
`;

async function launch() {
  if (!fs.existsSync(CHROMIUM)) die(`${CHROMIUM} is missing (apt-get install -y chromium; test.sh installs it)`);
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    die(`playwright-core is missing: run "npm ci --no-audit --no-fund" in tests/interop (${e.message})`);
  }
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>sdp-check</title>');
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfu-sdp-udd-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: ARGS,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(PAGE_HELPERS);
  const close = async () => {
    await ctx.close().catch(() => {});
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { page, close };
}

async function handle(page, req) {
  switch (req.op) {
    case 'offer':
      return { id: req.id, ok: true, sdp: await page.evaluate(([id, s]) => window.__scenario(id, s), [req.id, req.scenario]) };
    case 'answer':
      return { id: req.id, ...(await page.evaluate(([id, sdp]) => window.__applyAnswer(id, sdp), [req.id, req.sdp])) };
    case 'remoteOffer':
      return { id: req.id, ...(await page.evaluate(([id, sdp]) => window.__applyOffer(id, sdp), [req.id, req.sdp])) };
    default:
      return { id: req.id, ok: false, error: 'unknown op ' + req.op };
  }
}

async function main() {
  const mode = process.argv[2];
  if (!['offers', 'serve', 'apply'].includes(mode)) die('usage: chromium-sdp-check.js offers|serve|apply');
  const { page, close } = await launch();
  try {
    if (mode === 'offers') {
      const out = {};
      for (const s of ['plain', 'simulcast', 'recvonly', 'data', 'livekit']) {
        out[s] = await page.evaluate(([id, sc]) => window.__scenario(id, sc), ['offers-' + s, s]);
      }
      process.stdout.write(JSON.stringify(out) + '\n');
    } else if (mode === 'apply') {
      const pairs = JSON.parse(fs.readFileSync(0, 'utf8'));
      const out = [];
      for (const p of pairs) {
        out.push(await handle(page, { op: p.type === 'offer' ? 'remoteOffer' : 'answer', id: p.id, sdp: p.sdp }));
      }
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      process.stdout.write(JSON.stringify({ ready: true }) + '\n');
      const rl = readline.createInterface({ input: process.stdin });
      for await (const line of rl) {
        if (!line.trim()) continue;
        let req;
        try { req = JSON.parse(line); } catch (e) { process.stdout.write(JSON.stringify({ ok: false, error: 'bad json' }) + '\n'); continue; }
        if (req.op === 'quit') break;
        let reply;
        try { reply = await handle(page, req); } catch (e) { reply = { id: req.id, ok: false, error: String(e && e.message || e) }; }
        process.stdout.write(JSON.stringify(reply) + '\n');
      }
    }
  } finally {
    await close();
  }
}

main().catch(e => die(e && e.stack || String(e)));
