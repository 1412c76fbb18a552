// The harness itself on a real Chromium: fake devices at the capture size the suites use, two peer
// connections inside the page, frames decoded. If this fails, every browser suite would too.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { launchBrowser, startPageServer, waitFor } = require('./lib/browser');

test('Chromium with fake devices decodes a 640x360@15 camera between two in-page peer connections', { timeout: 60000 }, async () => {
  const server = await startPageServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage(server.url + '/');
    await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 15 } });
      const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
      for (const t of stream.getTracks()) a.addTrack(t, stream);
      await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
      await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
      window.receiver = b;
    });
    const frames = await waitFor(() => page.evaluate(() => sfuStats.framesDecoded(window.receiver)).then((n) => (n >= 20 ? n : 0)), { timeoutMs: 20000 });
    assert.ok(frames >= 20, `framesDecoded ${frames}`);
    const lk = await page.evaluate(async () => {
      await new Promise((res, rej) => { const s = document.createElement('script'); s.src = '/livekit-client.js'; s.onload = res; s.onerror = rej; document.head.appendChild(s); });
      return typeof LivekitClient.Room;
    });
    assert.strictEqual(lk, 'function', 'livekit-client bundle loads');
  } finally {
    await browser.close();
    await server.close();
  }
});
