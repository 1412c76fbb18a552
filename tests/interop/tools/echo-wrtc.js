// A second, independent WebRTC stack against the echo endpoint: @roamhq/wrtc (libwebrtc in node) sends
// synthetic I420 frames and a 440 Hz tone, and counts the frames its own receiver gets back.
// Prints one JSON line. Spawned by the xunit echo tests.
'use strict';
const wrtc = require('@roamhq/wrtc');
const { RTCPeerConnection, nonstandard } = wrtc;

async function main() {
  const opts = JSON.parse(process.argv[2] || '{}');
  const seconds = opts.seconds || 6;
  const result = { ok: false };
  const pc = new RTCPeerConnection({ iceServers: [] });
  const video = new nonstandard.RTCVideoSource();
  const audio = new nonstandard.RTCAudioSource();
  const width = 320, height = 240;
  const frame = { width, height, data: new Uint8ClampedArray(width * height * 1.5) };
  let n = 0;
  const videoTimer = setInterval(() => {
    frame.data.fill((n++ * 7) & 0xff, 0, width * height); // a changing luma plane
    video.onFrame(frame);
  }, 1000 / 15);
  const samples = new Int16Array(480);
  let phase = 0;
  const audioTimer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48000));
    audio.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
  }, 10);
  const stream = new wrtc.MediaStream([video.createTrack(), audio.createTrack()]);
  for (const t of stream.getTracks()) pc.addTrack(t, stream);
  let received = 0, audioFrames = 0;
  const sinks = [];
  pc.ontrack = (e) => {
    if (e.track.kind === 'video') {
      const sink = new nonstandard.RTCVideoSink(e.track);
      sink.onframe = () => { received++; };
      sinks.push(sink);
    } else {
      const sink = new nonstandard.RTCAudioSink(e.track);
      sink.ondata = () => { audioFrames++; };
      sinks.push(sink);
    }
  };
  try {
    await pc.setLocalDescription(await pc.createOffer());
    // wrtc has no trickle-less offer: wait for gathering so the offer is complete.
    await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); else { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 2000); } });
    const res = await fetch(opts.server + '/debug/echo', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription.sdp });
    const answer = await res.text();
    if (res.status !== 201) throw new Error(`echo endpoint answered ${res.status}: ${answer}`);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    const t0 = Date.now();
    while (pc.connectionState !== 'connected' && Date.now() - t0 < 15000) await new Promise((r) => setTimeout(r, 50));
    result.connectionState = pc.connectionState;
    if (pc.connectionState !== 'connected') throw new Error('not connected: ' + pc.connectionState);
    result.frames = [];
    for (let i = 0; i < seconds; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      result.frames.push(received);
    }
    result.audioFrames = audioFrames;
    // The receiver's and sender's own view of the video (freezes, and whether the sender is held down).
    const report = await pc.getStats();
    report.forEach((st) => {
      if (st.type === 'inbound-rtp' && st.kind === 'video') result.inboundVideo = {
        framesDecoded: st.framesDecoded, freezeCount: st.freezeCount, packetsLost: st.packetsLost, nackCount: st.nackCount,
      };
      if (st.type === 'outbound-rtp' && st.kind === 'video') result.outboundVideo = {
        framesSent: st.framesSent, qualityLimitationReason: st.qualityLimitationReason, targetBitrate: st.targetBitrate,
      };
      if (st.type === 'candidate-pair' && st.nominated && st.state === 'succeeded') result.availableOutgoingBitrate = st.availableOutgoingBitrate;
    });
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    clearInterval(videoTimer);
    clearInterval(audioTimer);
    for (const s of sinks) s.stop();
    pc.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  setTimeout(() => process.exit(0), 100);
}
main();
