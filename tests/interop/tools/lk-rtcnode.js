// Two @livekit/rtc-node participants (LiveKit's Rust SDK through its FFI) on this server's /rtc: one
// publishes a 440 Hz sine from an AudioSource, the other reads the subscribed track with an AudioStream and
// reports the spectral peak (Goertzel scan) and RMS of what it received.
//   node lk-rtcnode.js '{"server":"ws://127.0.0.1:7880","apiKey":"devkey","secret":"secret","room":"r2","seconds":3}'
// Prints one JSON line: {ok, connected, publishedSid, peakHz, rmsDbfs, frames, firstFrameMs}
'use strict';
const { Room, RoomEvent, AudioSource, AudioStream, AudioFrame, LocalAudioTrack, TrackPublishOptions, TrackSource, TrackKind, dispose } = require('@livekit/rtc-node');
const { AccessToken } = require('livekit-server-sdk');

const opts = JSON.parse(process.argv[2] || '{}');
const RATE = 48000;
const FREQ = opts.frequency || 440;

async function token(identity) {
  const at = new AccessToken(opts.apiKey || 'devkey', opts.secret || 'secret', { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room: opts.room || 'lk-node', canPublish: true, canSubscribe: true });
  return at.toJwt();
}

// Power of one frequency over the samples (Goertzel).
function power(samples, freq) {
  const k = 2 * Math.cos(2 * Math.PI * freq / RATE);
  let s1 = 0, s2 = 0;
  for (let i = 0; i < samples.length; i++) { const s0 = samples[i] + k * s1 - s2; s2 = s1; s1 = s0; }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

(async () => {
  const result = { ok: false };
  const deadline = setTimeout(() => { console.log(JSON.stringify({ ...result, error: 'driver timeout' })); process.exit(2); }, (opts.timeout || 60) * 1000);
  const pub = new Room();
  const sub = new Room();
  let sending = true;
  try {
    await sub.connect(opts.server, await token('listener'), { autoSubscribe: true, dynacast: false });
    const subscribed = new Promise((resolve) => sub.on(RoomEvent.TrackSubscribed, (track) => { if (track.kind === TrackKind.KIND_AUDIO) resolve(track); }));
    await pub.connect(opts.server, await token('tone'), { autoSubscribe: false, dynacast: false });
    result.connected = true;
    const source = new AudioSource(RATE, 1);
    const track = LocalAudioTrack.createAudioTrack('tone', source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    const publication = await pub.localParticipant.publishTrack(track, options);
    result.publishedSid = publication.sid;
    // 10 ms frames of a full-scale/2 sine, paced by captureFrame's queue.
    (async () => {
      let n = 0;
      while (sending) {
        const data = new Int16Array(RATE / 100);
        for (let i = 0; i < data.length; i++, n++) data[i] = Math.round(16000 * Math.sin(2 * Math.PI * FREQ * n / RATE));
        await source.captureFrame(new AudioFrame(data, RATE, 1, data.length));
      }
    })().catch(() => {});
    const remote = await Promise.race([subscribed, new Promise((_, rej) => setTimeout(() => rej(new Error('no audio track subscribed within 15 s')), 15000))]);
    const t0 = Date.now();
    const stream = new AudioStream(remote, { sampleRate: RATE, numChannels: 1 });
    const collected = [];
    let frames = 0;
    const windowMs = (opts.seconds || 3) * 1000;
    for await (const frame of stream) {
      frames++;
      if (result.firstFrameMs === undefined) result.firstFrameMs = Date.now() - t0;
      for (const s of frame.data) collected.push(s / 32768);
      if (Date.now() - t0 > windowMs) break;
    }
    result.frames = frames;
    // The last second (decoder and jitter buffer settled).
    const tail = collected.slice(-RATE);
    let sq = 0;
    for (const s of tail) sq += s * s;
    result.rmsDbfs = 20 * Math.log10(Math.sqrt(sq / Math.max(1, tail.length)) || 1e-9);
    let best = 0, bestHz = 0;
    for (let hz = 100; hz <= 2000; hz += 2) { const p = power(tail, hz); if (p > best) { best = p; bestHz = hz; } }
    result.peakHz = bestHz;
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    sending = false;
    clearTimeout(deadline);
    await pub.disconnect().catch(() => {});
    await sub.disconnect().catch(() => {});
    await dispose().catch(() => {});
  }
  console.log(JSON.stringify(result));
  process.exit(0);
})();
