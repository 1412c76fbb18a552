// Calls the real livekit-server-sdk RoomServiceClient (Twirp JSON) against a server.
// argv: <http url> <api key> <secret> <steps JSON: [{op: 'createRoom', args: [...]}, ...]>
// stdout: JSON array, one entry per step: {ok: true, result} or {ok: false, status, code, message}.
// Protobuf-es results are written with toJson() (int64 as strings); arrays element by element.
'use strict';
const { RoomServiceClient } = require('livekit-server-sdk');

const asJson = r => Array.isArray(r) ? r.map(asJson) : (r && typeof r.toJson === 'function') ? r.toJson() : (r === undefined ? null : r);

(async () => {
  const [url, key, secret, stepsJson] = process.argv.slice(2);
  const client = new RoomServiceClient(url, key, secret);
  const out = [];
  for (const step of JSON.parse(stepsJson)) {
    try {
      const args = (step.args || []).map(a => (a && a.$bytes !== undefined) ? new TextEncoder().encode(a.$bytes) : a);
      out.push({ ok: true, result: asJson(await client[step.op](...args)) });
    } catch (e) {
      out.push({ ok: false, status: e.status ?? 0, code: e.code ?? '', message: e.message ?? String(e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
