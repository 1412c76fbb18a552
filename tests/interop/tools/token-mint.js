// Mints LiveKit access tokens with the real livekit-server-sdk AccessToken (jose, header {alg:'HS256'}).
// stdin: JSON array of specs {apiKey, secret, identity?, name?, metadata?, attributes?, kind?, ttl?,
//        video?: VideoGrant (canPublishSources as TrackSource names: 'camera', ...), sha256?, roomConfig?}
// stdout: JSON array of token strings, same order.
'use strict';
const { AccessToken, TrackSource } = require('livekit-server-sdk');
const { RoomConfiguration } = require('@livekit/protocol');

const sources = { camera: TrackSource.CAMERA, microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE, screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO };

async function mint(spec) {
  const at = new AccessToken(spec.apiKey, spec.secret, {
    identity: spec.identity, name: spec.name, metadata: spec.metadata, attributes: spec.attributes, ttl: spec.ttl,
  });
  if (spec.kind) at.kind = spec.kind;
  if (spec.sha256) at.sha256 = spec.sha256;
  if (spec.roomConfig) at.roomConfig = new RoomConfiguration(spec.roomConfig);
  if (spec.video) {
    const video = { ...spec.video };
    if (video.canPublishSources) video.canPublishSources = video.canPublishSources.map(s => sources[s]);
    at.addGrant(video);
  }
  return at.toJwt();
}

(async () => {
  const specs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
  const tokens = [];
  for (const s of specs) tokens.push(await mint(s));
  process.stdout.write(JSON.stringify(tokens));
})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
