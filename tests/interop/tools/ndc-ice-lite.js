// Drives node-datachannel (libdatachannel/libjuice) as the controlling ICE agent against an ICE-lite
// server whose answer this script writes by hand. Used by Sfu.Transport.Tests (NodeDataChannelIceTests).
//
//   node ndc-ice-lite.js <host> <port> <ufrag> <pwd> [timeoutMs]
//
// Prints one JSON line per event ({"event":"ice","state":...}) and exits 0 when ICE reaches
// "connected" or "completed", 1 on "failed", 2 on timeout, 3 on a usage or library error.
'use strict';
const path = require('path');
const ndc = require(path.join(__dirname, '..', 'node_modules', 'node-datachannel'));

const [host, port, ufrag, pwd, timeoutArg] = process.argv.slice(2);
if (!host || !port || !ufrag || !pwd) {
  console.error('usage: node ndc-ice-lite.js <host> <port> <ufrag> <pwd> [timeoutMs]');
  process.exit(3);
}
const timeoutMs = Number(timeoutArg || 15000);
const log = (o) => console.log(JSON.stringify(o));

let done = false;
function finish(code, why) {
  if (done) return;
  done = true;
  log({ event: 'exit', code, why });
  try { pc.close(); } catch (_) { /* closing anyway */ }
  // Leave time for stdout to flush; cleanup() joins libdatachannel's threads.
  setTimeout(() => { try { ndc.cleanup(); } catch (_) { } process.exit(code); }, 50);
}

const pc = new ndc.PeerConnection('ice-lite-probe', { iceServers: [], bindAddress: '127.0.0.1' });
pc.onIceStateChange((state) => {
  log({ event: 'ice', state });
  if (state === 'connected' || state === 'completed') {
    const pair = pc.getSelectedCandidatePair();
    log({ event: 'pair', pair });
    finish(0, 'connected');
  } else if (state === 'failed') {
    finish(1, 'failed');
  }
});
pc.onStateChange((state) => log({ event: 'pc', state }));

pc.onLocalDescription((sdp, type) => {
  log({ event: 'local-description', type });
  const fp = Array.from({ length: 32 }, (_, i) => ((i * 37 + 11) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');
  // The answer of an ICE-lite server: its credentials, a certificate fingerprint (DTLS is not the subject
  // here), passive DTLS role, BUNDLE with one data-channel m-line, and one host candidate.
  const answer = [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=ice-lite',
    'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 127.0.0.1',
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    `a=fingerprint:sha-256 ${fp}`,
    'a=setup:passive',
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
    `a=candidate:1 1 udp 2130706431 ${host} ${port} typ host`,
    'a=end-of-candidates',
    '',
  ].join('\r\n');
  try {
    pc.setRemoteDescription(answer, 'answer');
    log({ event: 'remote-description-set' });
  } catch (e) {
    log({ event: 'error', message: String(e) });
    finish(3, 'setRemoteDescription');
  }
});

pc.createDataChannel('probe');
setTimeout(() => finish(2, 'timeout'), timeoutMs);
