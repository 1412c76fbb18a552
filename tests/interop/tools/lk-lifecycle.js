// Session lifecycle with the unmodified livekit-client (UMD bundle) in headless Chromium (issue 11):
//   scenario "resume":      signal-reconnect on the subscriber, then on the publisher (same PA_ sid, video
//                           keeps decoding); then the subscriber marks itself (metadata "forget-me"), the
//                           test makes the server forget it, and its resume with the unknown sid ends in a
//                           fresh join (a new PA_ sid) that decodes video again.
//   scenario "duplicate":   one identity joins twice; a third page sees exactly one; the first is told DUPLICATE_IDENTITY.
//   scenario "speakers":    the beeping fake microphone against a muted one: who comes first in ActiveSpeakersChanged.
//   scenario "relay":       the server sends force_relay: both peer connections select relay candidate pairs; video decodes.
//   scenario "permissions": one page per missing grant tries the refused action, then an allowed one.
//   node lk-lifecycle.js '{"server":"ws://127.0.0.1:7880","room":"r","scenario":"resume"}'
// Prints one JSON line {ok, ...}; every wait is bounded.
'use strict';
const { launchBrowser, startPageServer, waitFor } = require('../lib/browser');
const { AccessToken, TrackSource } = require('livekit-server-sdk');

const opts = JSON.parse(process.argv[2] || '{}');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function token(identity, grant = {}) {
  const at = new AccessToken(opts.apiKey || 'devkey', opts.secret || 'secret', { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room: opts.room || 'lk-room', canPublish: true, canSubscribe: true, canUpdateOwnMetadata: true, ...grant });
  return at.toJwt();
}

// Runs in the page: connect and log the room's lifecycle events; publishes what args.publish names.
async function joinInPage(args) {
  const LK = window.LivekitClient;
  const room = new LK.Room();
  window.room = room;
  window.events = [];
  const log = (e) => window.events.push({ ...e, t: Date.now() });
  room.on(LK.RoomEvent.TrackSubscribed, (track, pub, participant) => {
    log({ e: 'subscribed', kind: track.kind, sid: pub.trackSid, from: participant.identity });
    const el = track.attach();
    el.muted = false;
    document.body.appendChild(el);
  });
  room.on(LK.RoomEvent.Reconnecting, () => log({ e: 'reconnecting' }));
  room.on(LK.RoomEvent.SignalReconnecting, () => log({ e: 'signalReconnecting' }));
  room.on(LK.RoomEvent.Reconnected, () => log({ e: 'reconnected', sid: room.localParticipant.sid }));
  room.on(LK.RoomEvent.ParticipantConnected, (p) => log({ e: 'participantConnected', identity: p.identity, sid: p.sid }));
  room.on(LK.RoomEvent.ParticipantDisconnected, (p) => log({ e: 'participantDisconnected', identity: p.identity, sid: p.sid }));
  room.on(LK.RoomEvent.Disconnected, (reason) => log({ e: 'disconnected', reason, reasonName: LK.DisconnectReason[reason] }));
  room.on(LK.RoomEvent.ConnectionQualityChanged, (quality, p) => log({ e: 'quality', quality, identity: p.identity }));
  room.on(LK.RoomEvent.ActiveSpeakersChanged, (speakers) => log({ e: 'speakers', identities: speakers.map((s) => s.identity) }));
  await room.connect(args.url, args.token);
  if (args.publish === 'both') await room.localParticipant.enableCameraAndMicrophone();
  else if (args.publish === 'camera') await room.localParticipant.setCameraEnabled(true);
  else if (args.publish === 'microphone') await room.localParticipant.setMicrophoneEnabled(true);
  else if (args.publish === 'camera+mutedMicrophone') {
    await room.localParticipant.setCameraEnabled(true);
    const pub = await room.localParticipant.setMicrophoneEnabled(true);
    await pub.mute();
  }
  return { state: room.state, sid: room.localParticipant.sid, identity: room.localParticipant.identity };
}

// Runs in the page: frames decoded over every remote video track.
async function framesInPage() {
  let frames = 0;
  for (const p of window.room.remoteParticipants.values()) {
    for (const pub of p.videoTrackPublications.values()) {
      const track = pub.track;
      if (!track || !track.receiver) continue;
      (await track.receiver.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
    }
  }
  return frames;
}

// Runs in the page: the local candidate type of the selected pair of each RTCRtpSender/Receiver's transport.
async function selectedCandidateTypesInPage() {
  const types = { publisher: [], subscriber: [] };
  const collect = (report, into) => {
    const byId = new Map();
    report.forEach((s) => byId.set(s.id, s));
    report.forEach((s) => {
      if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
      const pair = byId.get(s.selectedCandidatePairId);
      const local = pair && byId.get(pair.localCandidateId);
      const remote = pair && byId.get(pair.remoteCandidateId);
      into.push({ local: local && local.candidateType, relayProtocol: local && local.relayProtocol, remote: remote && remote.candidateType });
    });
  };
  for (const pub of window.room.localParticipant.trackPublications.values())
    if (pub.track && pub.track.sender) collect(await pub.track.sender.getStats(), types.publisher);
  for (const p of window.room.remoteParticipants.values())
    for (const pub of p.trackPublications.values())
      if (pub.track && pub.track.receiver) collect(await pub.track.receiver.getStats(), types.subscriber);
  return types;
}

const eventsOf = (page) => page.evaluate(() => window.events);
const hasEvent = (page, pred) => page.evaluate((src) => window.events.some(new Function('e', 'return ' + src)), pred);

/** Waits until the page's decoded frames rise by at least `by` (bounded); returns [before, after]. */
async function framesRise(page, by, timeoutMs) {
  const before = await page.evaluate(framesInPage);
  const after = await waitFor(async () => { const f = await page.evaluate(framesInPage); return f >= before + by ? f : 0; }, { timeoutMs, intervalMs: 500 });
  return [before, after || await page.evaluate(framesInPage)];
}

async function resume(pages, result) {
  result.join = [];
  result.join.push(await pages[0].evaluate(joinInPage, { url: opts.server, token: await token('pub'), publish: 'both' }));
  result.join.push(await pages[1].evaluate(joinInPage, { url: opts.server, token: await token('sub'), publish: 'none' }));
  result.initialFrames = await framesRise(pages[1], 30, 30000);

  // 1. The subscriber's signal connection drops and resumes.
  await pages[1].evaluate(() => window.room.simulateScenario('signal-reconnect'));
  result.subReconnected = !!(await waitFor(() => hasEvent(pages[1], "e.e === 'reconnected'"), { timeoutMs: 30000 }));
  result.subSidAfter = await pages[1].evaluate(() => window.room.localParticipant.sid);
  result.subFramesAfterResume = await framesRise(pages[1], 30, 20000);

  // 2. The publisher's signal connection drops and resumes; the subscriber keeps decoding its camera.
  await pages[0].evaluate(() => window.room.simulateScenario('signal-reconnect'));
  result.pubReconnected = !!(await waitFor(() => hasEvent(pages[0], "e.e === 'reconnected'"), { timeoutMs: 30000 }));
  result.pubSidAfter = await pages[0].evaluate(() => window.room.localParticipant.sid);
  result.subFramesAfterPublisherResume = await framesRise(pages[1], 30, 20000);

  if (opts.forget === false) return;
  // 3. The server forgets the subscriber (the test removes it when it sees this metadata): its socket closes,
  //    its resume names a sid the server no longer knows, and it must end up in a fresh join.
  await pages[1].evaluate(() => window.room.localParticipant.setMetadata('forget-me'));
  result.rejoinedSid = await waitFor(async () => {
    const sid = await pages[1].evaluate(() => window.room.localParticipant.sid);
    const state = await pages[1].evaluate(() => window.room.state);
    return sid && sid !== result.subSidAfter && state === 'connected' ? sid : '';
  }, { timeoutMs: 60000, intervalMs: 500 });
  result.framesAfterRejoin = result.rejoinedSid ? await framesRise(pages[1], 30, 30000) : [0, 0];
  result.pubSeesSub = await pages[0].evaluate(() => [...window.room.remoteParticipants.values()].map((p) => ({ identity: p.identity, sid: p.sid })));
}

async function duplicate(pages, result) {
  result.first = await pages[0].evaluate(joinInPage, { url: opts.server, token: await token('twin'), publish: 'none' });
  result.observer = await pages[1].evaluate(joinInPage, { url: opts.server, token: await token('observer'), publish: 'none' });
  result.second = await pages[2].evaluate(joinInPage, { url: opts.server, token: await token('twin'), publish: 'none' });
  result.firstDisconnect = await waitFor(() => pages[0].evaluate(() => window.events.find((e) => e.e === 'disconnected')), { timeoutMs: 15000 });
  // Let late updates arrive, then count what the observer sees.
  await waitFor(() => pages[1].evaluate((sid) => [...window.room.remoteParticipants.values()].some((p) => p.sid === sid), result.second.sid), { timeoutMs: 10000 });
  await sleep(2000);
  result.observerSees = await pages[1].evaluate(() => [...window.room.remoteParticipants.values()].map((p) => ({ identity: p.identity, sid: p.sid })));
  result.secondState = await pages[2].evaluate(() => window.room.state);
}

async function speakers(pages, result) {
  result.join = [];
  // The speaker publishes only the beeping fake microphone; the other a camera and a muted microphone.
  result.join.push(await pages[0].evaluate(joinInPage, { url: opts.server, token: await token('speaker'), publish: 'microphone' }));
  result.join.push(await pages[1].evaluate(joinInPage, { url: opts.server, token: await token('quiet'), publish: 'camera+mutedMicrophone' }));
  result.firstSpeakers = await waitFor(() => pages[1].evaluate(() => {
    const e = window.events.find((x) => x.e === 'speakers' && x.identities.length > 0);
    return e ? e.identities : null;
  }), { timeoutMs: 20000 });
  result.speakerSeesItself = await waitFor(() => pages[0].evaluate(() => {
    const e = window.events.find((x) => x.e === 'speakers' && x.identities.length > 0);
    return e ? e.identities : null;
  }), { timeoutMs: 10000 });
  // ConnectionQualityUpdate (every 3 s) reaches livekit-client as ConnectionQualityChanged for the other participant.
  result.qualityOfSpeaker = await waitFor(() => pages[1].evaluate(() => {
    const e = window.events.find((x) => x.e === 'quality' && x.identity === 'speaker');
    return e ? e.quality : null;
  }), { timeoutMs: 15000 });
}

async function relay(pages, result) {
  result.join = [];
  result.join.push(await pages[0].evaluate(joinInPage, { url: opts.server, token: await token('pub'), publish: 'camera' }));
  result.join.push(await pages[1].evaluate(joinInPage, { url: opts.server, token: await token('sub'), publish: 'camera' }));
  result.frames = [await framesRise(pages[0], 30, 40000), await framesRise(pages[1], 30, 40000)];
  result.candidates = [await pages[0].evaluate(selectedCandidateTypesInPage), await pages[1].evaluate(selectedCandidateTypesInPage)];
}

// Runs in the page: the outcome of one action (resolved, or the error's text), bounded by 10 s.
async function tryInPage(action) {
  const lp = window.room.localParticipant;
  const run = {
    camera: () => lp.setCameraEnabled(true),
    microphone: () => lp.setMicrophoneEnabled(true),
    metadata: () => lp.setMetadata('changed'),
    name: () => lp.setName('changed'),
    attributes: () => lp.setAttributes({ k: 'v' }),
  }[action];
  try {
    const r = await Promise.race([run().then(() => 'ok'), new Promise((res) => setTimeout(() => res('timeout'), 10000))]);
    if (r === 'timeout') return { ok: false, error: 'no answer in 10 s', state: window.room.state };
    // setCameraEnabled resolves (without publishing) when it may not publish: count what was published.
    const published = [...lp.trackPublications.values()].filter((p) => p.trackSid).map((p) => p.source);
    return { ok: true, published, state: window.room.state };
  } catch (e) {
    return { ok: false, error: String(e && e.message || e), state: window.room.state };
  }
}

async function permissions(pages, result) {
  const grants = {
    noPublish: { canPublish: false },
    cameraOnly: { canPublishSources: [TrackSource.CAMERA] },
    noSubscribe: { canSubscribe: false },
    noMetadata: { canUpdateOwnMetadata: false },
  };
  const names = Object.keys(grants);
  result.join = {};
  for (let i = 0; i < names.length; i++)
    result.join[names[i]] = await pages[i].evaluate(joinInPage, { url: opts.server, token: await token(names[i], grants[names[i]]), publish: 'none' });
  const page = (n) => pages[names.indexOf(n)];
  const act = (n, a) => page(n).evaluate(tryInPage, a);
  result.actions = {
    noPublish: { refused: await act('noPublish', 'camera'), allowed: await act('noPublish', 'metadata') },
    cameraOnly: { allowed: await act('cameraOnly', 'camera'), refused: await act('cameraOnly', 'microphone'), allowedAfter: await act('cameraOnly', 'metadata') },
    noMetadata: {
      refusedMetadata: await act('noMetadata', 'metadata'),
      refusedName: await act('noMetadata', 'name'),
      refusedAttributes: await act('noMetadata', 'attributes'),
      allowed: await act('noMetadata', 'camera'),
    },
    noSubscribe: { allowed: await act('noSubscribe', 'camera') },
  };
  // Two cameras are published (cameraOnly, noMetadata): noPublish decodes them, noSubscribe gets none.
  result.noPublishFrames = await framesRise(page('noPublish'), 30, 30000);
  await sleep(1000);
  result.noSubscribeTracks = await page('noSubscribe').evaluate(() => {
    let n = 0;
    for (const p of window.room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) if (pub.track) n++;
    return n;
  });
  result.noSubscribeSeesPublications = await page('noSubscribe').evaluate(() => [...window.room.remoteParticipants.values()].reduce((n, p) => n + p.trackPublications.size, 0));
  // What the others see of the refused participant: its metadata, name and attributes unchanged.
  result.othersSeeNoMetadata = await page('noPublish').evaluate(() => {
    const p = [...window.room.remoteParticipants.values()].find((x) => x.identity === 'noMetadata');
    return p && { metadata: p.metadata || '', name: p.name || '', attributes: p.attributes || {} };
  });
  result.states = {};
  for (const n of names) result.states[n] = await page(n).evaluate(() => window.room.state);
}

(async () => {
  const result = { ok: false, scenario: opts.scenario };
  const server = await startPageServer();
  const browser = await launchBrowser({ verbose: !!opts.verbose });
  const deadline = setTimeout(() => { console.log(JSON.stringify({ ...result, error: 'driver timeout' })); process.exit(2); }, (opts.timeout || 150) * 1000);
  const pageCount = { resume: 2, duplicate: 3, speakers: 2, relay: 2, permissions: 4 }[opts.scenario];
  const pages = [];
  try {
    if (!pageCount) throw new Error('unknown scenario ' + opts.scenario);
    for (let i = 0; i < pageCount; i++) pages.push(await browser.newPage(server.url + '/'));
    for (const page of pages) await page.addScriptTag({ url: '/livekit-client.js' });
    await { resume, duplicate, speakers, relay, permissions }[opts.scenario](pages, result);
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    clearTimeout(deadline);
    result.events = [];
    for (const page of pages) result.events.push(await eventsOf(page).catch(() => null));
    await browser.close();
    await server.close();
  }
  console.log(JSON.stringify(result));
  process.exit(0);
})();
