// Verifies tokens with the real livekit-server-sdk TokenVerifier (jose jwtVerify, HS256, issuer, exp required).
// stdin: JSON array of {apiKey, secret, token}; stdout: JSON array of {ok, claims?, error?}, same order.
'use strict';
const { TokenVerifier } = require('livekit-server-sdk');

(async () => {
  const items = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const out = [];
  for (const { apiKey, secret, token } of items) {
    try {
      const claims = await new TokenVerifier(apiKey, secret).verify(token);
      out.push({ ok: true, claims });
    } catch (e) {
      out.push({ ok: false, error: String(e && e.message || e) });
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
