// node-datachannel (libdatachannel with usrsctp: an SCTP stack nobody on this team wrote) opens data
// channels to the echo endpoint and checks that every message comes back intact: a string, a small binary
// message, an empty string, and one 64 KiB binary message (many SCTP packets, reassembled on both sides),
// on a reliable ordered channel; and messages on an unordered and a maxRetransmits-0 channel.
//
//   node echo-datachannel.js '{"server":"http://127.0.0.1:7880","candidatePort":12345,"timeoutMs":60000}'
//
// candidatePort: rewrite the answer's candidate port (to go through the impairment relay).
// Prints one JSON line with ok, the echoes it got and the SCTP stats. Spawned by Sfu.Server.Tests.
'use strict';
const path = require('path');
const crypto = require('crypto');
const ndc = require(path.join(__dirname, '..', 'node_modules', 'node-datachannel'));

async function main() {
  const opts = JSON.parse(process.argv[2] || '{}');
  const timeoutMs = opts.timeoutMs || 60000;
  const result = { ok: false, echoes: {} };
  const pc = new ndc.PeerConnection('echo-dc', { iceServers: [], bindAddress: '127.0.0.1' });
  const deadline = Date.now() + timeoutMs;
  const until = async (cond, what) => {
    while (!cond()) {
      if (Date.now() > deadline) throw new Error('timeout waiting for ' + what);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    let gathered = false;
    pc.onGatheringStateChange((s) => { if (s === 'complete') gathered = true; });
    const reliable = pc.createDataChannel('reliable', {});
    const unordered = pc.createDataChannel('unordered', { unordered: true });
    const lossy = pc.createDataChannel('lossy', { maxRetransmits: 0 });
    await until(() => gathered, 'ICE gathering');
    const offer = pc.localDescription().sdp;
    const res = await fetch(opts.server + '/debug/echo', { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: offer });
    let answer = await res.text();
    if (res.status !== 201) throw new Error(`echo endpoint answered ${res.status}: ${answer}`);
    if (opts.candidatePort) answer = answer.replace(/(a=candidate:\S+ \d+ udp \d+ \S+ )\d+( typ host)/g, `$1${opts.candidatePort}$2`);
    result.answerSetup = (answer.match(/a=setup:(\w+)/) || [])[1];
    pc.setRemoteDescription(answer, 'answer');

    const channels = { reliable, unordered, lossy };
    const open = {};
    const got = { reliable: [], unordered: [], lossy: [] };
    for (const [name, dc] of Object.entries(channels)) {
      dc.onOpen(() => { open[name] = true; });
      dc.onMessage((m) => got[name].push(m));
    }
    await until(() => open.reliable && open.unordered && open.lossy, 'channels open');
    result.maxMessageSize = reliable.maxMessageSize();

    const big = crypto.randomBytes(64 * 1024);
    const small = crypto.randomBytes(1000);
    reliable.sendMessage('hello sfu');
    reliable.sendMessageBinary(small);
    reliable.sendMessage('');
    reliable.sendMessageBinary(big);
    for (let i = 0; i < 10; i++) unordered.sendMessage('u' + i);
    for (let i = 0; i < 10; i++) lossy.sendMessage('l' + i);

    await until(() => got.reliable.length >= 4 && got.unordered.length >= 10, 'reliable and unordered echoes');
    // The lossy channel may lose messages under impairment: give it a moment, then count.
    const lossyDeadline = Date.now() + 2000;
    while (got.lossy.length < 10 && Date.now() < lossyDeadline) await new Promise((r) => setTimeout(r, 20));

    const r = got.reliable;
    const asBuf = (m) => Buffer.isBuffer(m) ? m : Buffer.from(m);
    result.echoes.string = r[0] === 'hello sfu';
    result.echoes.binary = Buffer.isBuffer(r[1]) && asBuf(r[1]).equals(small);
    result.echoes.empty = r[2] === '';
    result.echoes.big = Buffer.isBuffer(r[3]) && asBuf(r[3]).equals(big);
    result.echoes.bigLength = r[3] ? asBuf(r[3]).length : 0;
    result.echoes.unordered = [...got.unordered].sort().join(',') === Array.from({ length: 10 }, (_, i) => 'u' + i).sort().join(',');
    result.echoes.lossy = got.lossy.length;
    result.ok = result.echoes.string && result.echoes.binary && result.echoes.empty && result.echoes.big && result.echoes.unordered;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    try { pc.close(); } catch (_) { /* closing anyway */ }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  setTimeout(() => { try { ndc.cleanup(); } catch (_) { } process.exit(0); }, 50);
}

main();
