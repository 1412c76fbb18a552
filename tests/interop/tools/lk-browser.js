// Drives the unmodified livekit-client (UMD bundle) in headless Chromium against this server's /rtc.
// One browser, one page per participant; tokens minted with livekit-server-sdk.
//   node lk-browser.js '{"server":"ws://127.0.0.1:7880","apiKey":"devkey","secret":"secret","room":"r1",
//                       "pages":2,"seconds":15,"mute":true,"leave":true}'
// Prints one JSON line: {ok, pages:[{state, publications, sids...}], frames:[[...]], audioEnergy:[...], events}
'use strict';
const { launchBrowser, startPageServer, waitFor } = require('../lib/browser');
const { AccessToken } = require('livekit-server-sdk');

const opts = JSON.parse(process.argv[2] || '{}');

async function token(identity) {
  const at = new AccessToken(opts.apiKey || 'devkey', opts.secret || 'secret', { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room: opts.room || 'lk-room', canPublish: true, canSubscribe: true });
  return at.toJwt();
}

// Runs in the page: connect, publish camera and microphone, attach every remote track as track.attach() does.
async function joinInPage(args) {
  const LK = window.LivekitClient;
  const roomOptions = {};
  if (args.e2ee) {
    // End-to-end encryption with a shared passphrase: livekit-client's frame cryptor runs in its e2ee worker
    // (served from its dist by the page server) on insertable streams.
    const keyProvider = new LK.ExternalE2EEKeyProvider();
    await keyProvider.setKey(args.e2ee);
    roomOptions.encryption = { keyProvider, worker: new Worker('/livekit-client.e2ee.worker.js') };
  }
  if (args.dynacast) roomOptions.dynacast = true;
  const room = new LK.Room(roomOptions);
  window.room = room;
  window.events = [];
  const log = (e) => window.events.push(e);
  room.on(LK.RoomEvent.EncryptionError, (err) => log({ e: 'encryptionError', message: String(err && err.message || err) }));
  room.on(LK.RoomEvent.ParticipantEncryptionStatusChanged, (encrypted, participant) => log({ e: 'encryptionStatus', encrypted, who: participant && participant.identity }));
  if (args.e2ee) await room.setE2EEEnabled(true);
  room.on(LK.RoomEvent.TrackSubscribed, (track, pub, participant) => {
    log({ e: 'subscribed', kind: track.kind, sid: pub.trackSid, from: participant.identity });
    const el = track.attach();
    el.muted = false;
    document.body.appendChild(el);
  });
  room.on(LK.RoomEvent.TrackMuted, (pub, participant) => log({ e: 'muted', sid: pub.trackSid, from: participant.identity }));
  room.on(LK.RoomEvent.TrackUnmuted, (pub, participant) => log({ e: 'unmuted', sid: pub.trackSid, from: participant.identity }));
  room.on(LK.RoomEvent.ParticipantConnected, (p) => log({ e: 'participantConnected', identity: p.identity }));
  room.on(LK.RoomEvent.ParticipantDisconnected, (p) => log({ e: 'participantDisconnected', identity: p.identity }));
  room.on(LK.RoomEvent.Disconnected, (reason) => log({ e: 'disconnected', reason }));
  const t0 = Date.now();
  await room.connect(args.url, args.token);
  const connectMs = Date.now() - t0;
  const state = room.state;
  await room.localParticipant.enableCameraAndMicrophone();
  const publications = [...room.localParticipant.trackPublications.values()].map((p) => ({ kind: p.kind, source: p.source, sid: p.trackSid }));
  return { state, connectMs, sid: room.localParticipant.sid, roomSid: await room.getSid(), publications, serverVersion: room.serverInfo && room.serverInfo.version };
}

// Runs in the page: inbound stats of every remote track (video framesDecoded, audio energy).
async function remoteStatsInPage() {
  const out = { video: 0, audioEnergy: 0, concealed: 0, samples: 0, width: 0 };
  for (const p of window.room.remoteParticipants.values()) {
    for (const pub of p.trackPublications.values()) {
      const track = pub.track;
      if (!track || !track.receiver) continue;
      const report = await track.receiver.getStats();
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') { out.video += s.framesDecoded || 0; out.width = Math.max(out.width, s.frameWidth || 0); }
        if (s.kind === 'audio') { out.audioEnergy += s.totalAudioEnergy || 0; out.concealed += s.concealedSamples || 0; out.samples += s.totalSamplesReceived || 0; }
      });
    }
  }
  return out;
}

(async () => {
  const result = { ok: false, pages: [], frames: [], stats: [], events: [] };
  const server = await startPageServer();
  const browser = await launchBrowser({ verbose: !!opts.verbose });
  const deadline = setTimeout(() => { console.log(JSON.stringify({ ...result, error: 'driver timeout' })); process.exit(2); }, (opts.timeout || 90) * 1000);
  try {
    const n = opts.pages || 1;
    const pages = [];
    for (let i = 0; i < n; i++) pages.push(await browser.newPage(server.url + '/'));
    for (const page of pages) await page.addScriptTag({ url: '/livekit-client.js' });
    for (let i = 0; i < n; i++) {
      const t = await token('user' + i);
      if (i > 0 && opts.lateJoinMs) await new Promise((r) => setTimeout(r, opts.lateJoinMs));
      const joinedAt = Date.now();
      result.pages.push(await pages[i].evaluate(joinInPage, { url: opts.server, token: t, e2ee: opts.e2ee, dynacast: opts.dynacast }));
      if (i > 0 && opts.lateJoinMs) {
        // Time from the late page's connect() to its first decoded frame of the earlier publisher.
        const first = await waitFor(() => pages[i].evaluate(remoteStatsInPage).then((s) => s.video > 0), { timeoutMs: 10000, intervalMs: 50 });
        result.lateFirstFrameMs = first ? Date.now() - joinedAt : -1;
        result.lateConnectMs = result.pages[i].connectMs;
      }
    }
    if (n >= 2) {
      const seconds = opts.seconds || 15;
      const end = Date.now() + seconds * 1000;
      for (let i = 0; i < n; i++) result.frames.push([]);
      while (Date.now() < end) {
        for (let i = 0; i < n; i++) {
          const s = await pages[i].evaluate(remoteStatsInPage);
          result.frames[i].push(s.video);
          result.stats[i] = s;
        }
        if (result.frames.every((f) => f.length >= 3 && f[f.length - 1] >= 100 && f[f.length - 1] > f[f.length - 3])) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      // Two more samples 1 s apart to show decoding keeps going.
      for (let k = 0; k < 2; k++) {
        await new Promise((r) => setTimeout(r, 1000));
        for (let i = 0; i < n; i++) {
          const s = await pages[i].evaluate(remoteStatsInPage);
          result.frames[i].push(s.video);
          result.stats[i] = s;
        }
      }
      if (opts.simulcast) {
        // Publisher side: rids sending (packetsSent rising over 1 s) and the estimate of the publisher connection.
        const outbound = () => pages[0].evaluate(async () => {
          const pub = window.room.localParticipant.getTrackPublication(window.LivekitClient.Track.Source.Camera);
          const report = await pub.track.sender.getStats();
          const rids = {};
          let bitrate = 0;
          report.forEach((s) => {
            if (s.type === 'outbound-rtp' && s.kind === 'video') rids[s.rid || '-'] = s.packetsSent || 0;
            if (s.type === 'candidate-pair' && s.availableOutgoingBitrate) bitrate = Math.max(bitrate, s.availableOutgoingBitrate);
          });
          return { rids, bitrate };
        });
        const sending = async () => {
          const a = await outbound();
          await new Promise((r) => setTimeout(r, 1000));
          const b = await outbound();
          return { rids: Object.keys(b.rids).filter((rid) => b.rids[rid] > (a.rids[rid] || 0)).sort(), bitrate: b.bitrate };
        };
        const b = await sending();
        result.ridsSending = b.rids;
        result.availableOutgoingBitrate = b.bitrate;
        const setQuality = (q) => pages[1].evaluate((quality) => {
          for (const p of window.room.remoteParticipants.values())
            for (const pub of p.videoTrackPublications.values()) pub.setVideoQuality(window.LivekitClient.VideoQuality[quality]);
        }, q);
        const width = async () => (await pages[1].evaluate(remoteStatsInPage)).width;
        await setQuality('LOW');
        let t = Date.now();
        result.lowWidth = await waitFor(async () => { const w = await width(); return w > 0 && w <= 320 ? w : 0; }, { timeoutMs: 5000 }) || await width();
        result.lowMs = Date.now() - t;
        if (opts.dynacast) {
          // Dynacast: with only a LOW subscriber the publisher pauses h and f (bounded wait, about 10 s).
          let r = await sending();
          for (let k = 0; k < 8 && r.rids.length !== 1; k++) r = await sending();
          result.ridsAfterLow = r.rids;
        }
        await setQuality('HIGH');
        t = Date.now();
        result.highWidth = await waitFor(async () => { const w = await width(); return w >= 640 ? w : 0; }, { timeoutMs: 10000 }) || await width();
        result.highMs = Date.now() - t;
        if (opts.dynacast) {
          let r = await sending();
          for (let k = 0; k < 8 && r.rids.length < 2; k++) r = await sending();
          result.ridsAfterHigh = r.rids;
        }
      }
      if (opts.fps) {
        // Subscriber asks for about half the frame rate it decodes (RemoteTrackPublication.setVideoFPS sends
        // UpdateTrackSettings.fps), then lifts the cap: decoded frames per second before, during and after.
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const rate = async (ms) => {
          const a = (await pages[1].evaluate(remoteStatsInPage)).video;
          const t = Date.now();
          await sleep(ms);
          const b = (await pages[1].evaluate(remoteStatsInPage)).video;
          return (b - a) * 1000 / (Date.now() - t);
        };
        const setFps = (fps) => pages[1].evaluate((f) => {
          for (const p of window.room.remoteParticipants.values())
            for (const pub of p.videoTrackPublications.values()) pub.setVideoFPS(f);
        }, fps);
        result.fpsBefore = await rate(3000);
        result.fpsRequested = Math.max(4, Math.round(result.fpsBefore / 2));
        // Bounded waits (up to four 2.5 s windows each) for the rate to settle; every window is recorded.
        await setFps(result.fpsRequested);
        result.fpsCappedWindows = [];
        for (let k = 0; k < 4; k++) {
          result.fpsCapped = await rate(2500);
          result.fpsCappedWindows.push(result.fpsCapped);
          if (k > 0 && result.fpsCapped <= 0.75 * result.fpsBefore) break;
        }
        await setFps(0);
        result.fpsRestoredWindows = [];
        for (let k = 0; k < 4; k++) {
          result.fpsRestored = await rate(2500);
          result.fpsRestoredWindows.push(result.fpsRestored);
          if (k > 0 && result.fpsRestored >= 0.8 * result.fpsBefore) break;
        }
        result.publisherScalability = await pages[0].evaluate(async () => {
          const pub = window.room.localParticipant.getTrackPublication(window.LivekitClient.Track.Source.Camera);
          const out = {};
          (await pub.track.sender.getStats()).forEach((s) => {
            if (s.type === 'outbound-rtp' && s.kind === 'video') out[s.rid || '-'] = { mode: s.scalabilityMode || '', fps: s.framesPerSecond || 0 };
          });
          return out;
        });
      }
      if (opts.mute) {
        await pages[0].evaluate(async () => {
          const pub = window.room.localParticipant.getTrackPublication(window.LivekitClient.Track.Source.Camera);
          await pub.mute();
        });
        result.sawMute = !!(await waitFor(() => pages[1].evaluate(() => window.events.some((e) => e.e === 'muted' && e.from === 'user0')), { timeoutMs: 5000 }));
      }
      if (opts.leave) {
        await pages[0].evaluate(async () => { await window.room.disconnect(); });
        result.sawLeave = !!(await waitFor(() => pages[1].evaluate(() => window.events.some((e) => e.e === 'participantDisconnected' && e.identity === 'user0')), { timeoutMs: 5000 }));
      }
    }
    if (opts.e2ee) {
      // What each page knows of the other's camera: TrackInfo.encryption as the server relayed it.
      result.remoteEncrypted = await Promise.all(pages.map((page) => page.evaluate(() => {
        const out = [];
        for (const p of window.room.remoteParticipants.values())
          for (const pub of p.videoTrackPublications.values()) out.push(pub.isEncrypted);
        return out;
      })));
      result.localE2ee = await Promise.all(pages.map((page) => page.evaluate(() => window.room.isE2EEEnabled)));
    }
    for (const page of pages) result.events.push(await page.evaluate(() => window.events));
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
