// Drives a real Chromium against the server's echo endpoint (POST /debug/echo): the page captures its
// fake camera and microphone (640x360 at 15 fps), offers, applies the server's answer, and reports what
// its own receivers decoded of the echoed media. Spawned by the xunit echo tests; prints one JSON line.
//
//   node echo-browser.js '{"server":"http://127.0.0.1:7880","candidatePort":12345,"seconds":10}'
//
// candidatePort: rewrite the answer's candidate ports (to send through an impairment relay).
'use strict';
const { launchBrowser, startPageServer, waitFor } = require('../lib/browser');

/** The video fields of one getStats summary that tell a freeze's cause apart, compactly. */
function videoSample(s) {
  const o = s.outbound.find((r) => r.kind === 'video') || {};
  const i = s.inbound.find((r) => r.kind === 'video') || {};
  const ri = (s.remoteInbound || []).find((r) => r.kind === 'video') || {};
  return {
    out: { fps: o.framesPerSecond, sent: o.framesSent, ql: o.qualityLimitationReason, target: o.targetBitrate,
      bytes: o.bytesSent, rtx: o.retransmittedPacketsSent, nack: o.nackCount, pli: o.pliCount, fir: o.firCount, w: o.frameWidth },
    in: { fps: i.framesPerSecond, decoded: i.framesDecoded, freeze: i.freezeCount, lost: i.packetsLost,
      jbDelay: i.jitterBufferDelay, jbEmitted: i.jitterBufferEmittedCount, nack: i.nackCount, pli: i.pliCount, dropped: i.framesDropped,
      rtx: i.retransmittedPacketsReceived, received: i.framesReceived },
    remote: { lost: ri.packetsLost, rtt: ri.roundTripTime, audioRtt: ((s.remoteInbound || []).find((r) => r.kind === 'audio') || {}).roundTripTime },
    pair: { aob: s.pair && s.pair.availableOutgoingBitrate, rtt: s.pair && s.pair.currentRoundTripTime },
  };
}

async function main() {
  const opts = JSON.parse(process.argv[2] || '{}');
  const seconds = opts.seconds || 10;
  const result = { ok: false };
  const pages = await startPageServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage(pages.url + '/');
    const offer = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 15 } });
      const pc = new RTCPeerConnection();
      window.pc = pc;
      window.states = [];
      pc.onconnectionstatechange = () => window.states.push([Math.round(performance.now()), pc.connectionState]);
      // Remote audio is only decoded (and its energy measured) when something plays it.
      pc.ontrack = (e) => {
        if (e.track.kind !== 'audio') return;
        const el = new Audio();
        el.srcObject = new MediaStream([e.track]);
        el.play().catch((err) => console.log('audio play refused: ' + err));
        window.audioElement = el;
      };
      for (const t of stream.getTracks()) pc.addTrack(t, stream);
      await pc.setLocalDescription();
      return pc.localDescription.sdp;
    });
    const t0 = Date.now();
    const res = await fetch(opts.server + '/debug/echo', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: offer });
    let answer = await res.text();
    result.status = res.status;
    if (res.status !== 201) throw new Error(`echo endpoint answered ${res.status}: ${answer}`);
    result.answerSetup = (/a=setup:(\w+)/.exec(answer) || [])[1];
    result.answerHasGoogHints = /x-google-/.test(answer);
    if (opts.candidatePort) answer = answer.replace(/(a=candidate:\S+ \d+ udp \d+ \S+ )\d+( typ host)/g, `$1${opts.candidatePort}$2`);
    await page.evaluate(async (sdp) => { await window.pc.setRemoteDescription({ type: 'answer', sdp }); }, answer);

    const connected = await waitFor(() => page.evaluate(() => window.pc.connectionState === 'connected'), { timeoutMs: 15000, intervalMs: 50 });
    result.connected = !!connected;
    result.connectMs = Date.now() - t0;
    result.states = await page.evaluate(() => window.states);
    if (!connected) throw new Error('peer connection did not connect: ' + JSON.stringify(result.states));

    // Once per second for `seconds` seconds: frames decoded, and the video sender's and receiver's view
    // (the evidence for diagnosing freezes: encoder limits, bandwidth estimate, feedback counts).
    result.frames = [];
    result.series = [];
    let s;
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      s = await page.evaluate(() => sfuStats.summary(window.pc));
      result.frames.push(s.inbound.filter((r) => r.kind === 'video').reduce((a, r) => a + (r.framesDecoded || 0), 0));
      result.series.push(videoSample(s));
    }
    result.transport = s.transport;
    result.inbound = s.inbound;
    result.outbound = s.outbound;
    const video = s.inbound.find((r) => r.kind === 'video') || {};
    const audio = s.inbound.find((r) => r.kind === 'audio') || {};
    result.framesDecoded = video.framesDecoded || 0;
    result.freezeCount = video.freezeCount || 0;
    result.nackCount = (s.outbound.find((r) => r.kind === 'video') || {}).nackCount || 0;
    result.videoPacketsLost = video.packetsLost || 0;
    result.audioEnergy = audio.totalAudioEnergy || 0;
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await browser.close();
    await pages.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => { process.stdout.write(JSON.stringify({ ok: false, error: String(e) }) + '\n'); process.exit(1); });
