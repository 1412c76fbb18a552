// LiveKit data between two @livekit/rtc-node participants (LiveKit's Rust SDK over libwebrtc) on this
// server: publishData reliable and lossy, sendText (a data stream: header, chunks, trailer packets), and an
// RPC round trip (rpc_request, rpc_ack, rpc_response packets forwarded both ways).
//   node lk-rtcnode-data.js '{"server":"ws://127.0.0.1:7880","room":"node-data"}'
// Prints one JSON line: {ok, reliable, lossy, text, rpc}
'use strict';
const { Room, RoomEvent, dispose } = require('@livekit/rtc-node');
const { AccessToken } = require('livekit-server-sdk');

const opts = JSON.parse(process.argv[2] || '{}');

async function token(identity) {
  const at = new AccessToken(opts.apiKey || 'devkey', opts.secret || 'secret', { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room: opts.room || 'node-data', canPublish: true, canSubscribe: true, canPublishData: true });
  return at.toJwt();
}

const until = async (cond, ms) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

(async () => {
  const result = { ok: false };
  const deadline = setTimeout(() => { console.log(JSON.stringify({ ...result, error: 'driver timeout' })); process.exit(2); }, (opts.timeout || 60) * 1000);
  const a = new Room();
  const b = new Room();
  try {
    const got = [];
    b.on(RoomEvent.DataReceived, (payload, participant, kind, topic) => got.push({ text: Buffer.from(payload).toString(), from: participant && participant.identity, kind, topic }));
    const texts = [];
    b.registerTextStreamHandler('notes', async (reader, info) => texts.push({ text: await reader.readAll(), from: info.identity }));
    await b.connect(opts.server, await token('bob'), { autoSubscribe: true, dynacast: false });
    b.localParticipant.registerRpcMethod('greet', async (data) => `hello ${data.callerIdentity}: ${data.payload}`);
    await a.connect(opts.server, await token('alice'), { autoSubscribe: true, dynacast: false });
    await until(() => a.remoteParticipants.size > 0 && b.remoteParticipants.size > 0, 15000);

    await a.localParticipant.publishData(new TextEncoder().encode('reliable from node'), { reliable: true, topic: 'chat' });
    result.reliable = await until(() => got.some((g) => g.text === 'reliable from node' && g.from === 'alice' && g.topic === 'chat'), 20000);
    for (let i = 0; i < 5; i++) await a.localParticipant.publishData(new TextEncoder().encode('lossy from node'), { reliable: false });
    result.lossy = await until(() => got.some((g) => g.text === 'lossy from node' && g.from === 'alice'), 10000);
    const long = 'x'.repeat(40000);
    await a.localParticipant.sendText(long, { topic: 'notes' });
    result.text = await until(() => texts.some((t) => t.text === long && t.from === 'alice'), 20000);
    try {
      result.rpcAnswer = await a.localParticipant.performRpc({ destinationIdentity: 'bob', method: 'greet', payload: 'hi', responseTimeout: 10000 });
    } catch (e) {
      result.rpcError = String(e && e.message || e);
    }
    result.rpc = result.rpcAnswer === 'hello alice: hi';
    result.ok = true;
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    clearTimeout(deadline);
    try { await a.disconnect(); } catch (_) { }
    try { await b.disconnect(); } catch (_) { }
    try { await dispose(); } catch (_) { }
  }
  console.log(JSON.stringify(result));
  process.exit(0);
})();
