#!/usr/bin/env node
// Independent decoder of transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01, section 3.1),
// written from the draft's text, used by the C# engine tests to check the feedback the engine generates.
//
// Input: a file (argv[2]) with one plaintext RTCP packet (compound allowed) per line, as lowercase hex.
// Output (stdout, JSON): { feedbacks, packets: [{ seq, received, arrivalUs }] }, one entry per reported
// sequence number, in report order, with arrival times reconstructed from reference time and deltas.
// Any structural error exits non-zero with a message, so the C# test fails loudly.
'use strict';
const fs = require('fs');

function fail(msg) {
  process.stderr.write(`twcc-decode: ${msg}\n`);
  process.exit(2);
}

function decodeFeedback(buf, start, length, out) {
  // Common header (4) + sender SSRC (4) + media SSRC (4) + base seq (2) + status count (2) + ref time (3) + fb count (1).
  if (length < 20) fail('feedback shorter than its fixed part');
  const padded = (buf[start] & 0x20) !== 0;
  let end = start + length;
  if (padded) {
    const pad = buf[end - 1];
    if (pad === 0 || pad > length - 20) fail('bad padding');
    end -= pad;
  }
  const baseSeq = buf.readUInt16BE(start + 12);
  const count = buf.readUInt16BE(start + 14);
  let ref = (buf[start + 16] << 16) | (buf[start + 17] << 8) | buf[start + 18];
  if (ref & 0x800000) ref -= 0x1000000; // 24-bit signed, multiples of 64 ms
  let o = start + 20;
  // Packet chunks: read until `count` statuses are known.
  const symbols = [];
  while (symbols.length < count) {
    if (o + 2 > end) fail('chunks run past the packet');
    const chunk = buf.readUInt16BE(o);
    o += 2;
    if ((chunk & 0x8000) === 0) {
      // Run length chunk: T=0 | S (2 bits) | run length (13 bits).
      const symbol = (chunk >> 13) & 0x3;
      const run = chunk & 0x1fff;
      if (run === 0) fail('empty run');
      for (let i = 0; i < run && symbols.length < count; i++) symbols.push(symbol);
    } else if ((chunk & 0x4000) === 0) {
      // Status vector, one-bit symbols: 14 of them (0 not received, 1 received small delta).
      for (let i = 0; i < 14 && symbols.length < count; i++) symbols.push((chunk >> (13 - i)) & 0x1);
    } else {
      // Status vector, two-bit symbols: 7 of them (00 not received, 01 small, 10 large/negative, 11 reserved).
      for (let i = 0; i < 7 && symbols.length < count; i++) symbols.push((chunk >> (12 - 2 * i)) & 0x3);
    }
  }
  // Receive deltas, in 250 us ticks: 1 byte unsigned for "small", 2 bytes signed for "large".
  let t = ref * 64000;
  for (let i = 0; i < count; i++) {
    const seq = (baseSeq + i) & 0xffff;
    const s = symbols[i];
    if (s === 0) {
      out.push({ seq, received: false });
      continue;
    }
    if (s === 3) fail('reserved symbol');
    let delta;
    if (s === 1) {
      if (o + 1 > end) fail('deltas run past the packet');
      delta = buf[o];
      o += 1;
    } else {
      if (o + 2 > end) fail('deltas run past the packet');
      delta = buf.readInt16BE(o);
      o += 2;
    }
    t += delta * 250;
    out.push({ seq, received: true, arrivalUs: t });
  }
  // Whatever remains must be zero padding within the 32-bit alignment.
  if (end - o > 3) fail(`unexpected ${end - o} trailing bytes`);
}

function main() {
  const file = process.argv[2];
  if (!file) fail('usage: twcc-decode.js <hex-lines-file>');
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length > 0);
  const packets = [];
  let feedbacks = 0;
  for (const line of lines) {
    const buf = Buffer.from(line.trim(), 'hex');
    let o = 0;
    while (o + 4 <= buf.length) {
      if (buf[o] >> 6 !== 2) fail('not RTCP version 2');
      const length = 4 * (buf.readUInt16BE(o + 2) + 1);
      if (o + length > buf.length) fail('RTCP length past the datagram');
      const pt = buf[o + 1];
      const fmt = buf[o] & 0x1f;
      if (pt === 205 && fmt === 15) {
        feedbacks++;
        decodeFeedback(buf, o, length, packets);
      }
      o += length;
    }
    if (o !== buf.length) fail('trailing bytes after the compound');
  }
  process.stdout.write(JSON.stringify({ feedbacks, packets }));
}

main();
