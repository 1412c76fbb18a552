// A webhook endpoint that checks every delivery with the real livekit-server-sdk WebhookReceiver
// (JWT signature with the api key/secret, sha256 claim over the exact body) before recording it.
// argv: <api key> <secret> <stop after this event name> <max seconds>
// stdout: first line "PORT <n>"; on exit one JSON line: [{event, room, participant, track, id, createdAt} | {error}]
'use strict';
const http = require('http');
const { WebhookReceiver } = require('livekit-server-sdk');

const [key, secret, stopEvent, maxSeconds] = process.argv.slice(2);
const receiver = new WebhookReceiver(key, secret);
const seen = [];
let server;
const finish = () => { process.stdout.write(JSON.stringify(seen) + '\n'); server.close(); process.exit(0); };

server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      if (req.headers['content-type'] !== 'application/webhook+json') throw new Error('content-type ' + req.headers['content-type']);
      const e = await receiver.receive(body, req.headers['authorization']);
      seen.push({ event: e.event, room: e.room?.name ?? null, roomSid: e.room?.sid ?? null, participant: e.participant?.identity ?? null,
        track: e.track?.sid ?? null, trackType: e.track ? String(e.track.type) : null, id: e.id, createdAt: String(e.createdAt) });
      res.writeHead(200).end();
      if (e.event === stopEvent) setTimeout(finish, 50);
    } catch (err) {
      seen.push({ error: String(err && err.message || err) });
      res.writeHead(401).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\n'));
setTimeout(finish, Number(maxSeconds) * 1000);
