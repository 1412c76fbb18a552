// getStats helpers that run inside the page (loaded by every harness page as /stats.js).
'use strict';
window.sfuStats = {
  /** Summary of a peer connection: inbound and outbound RTP per kind, transport, selected candidate pair. */
  async summary(pc) {
    const report = await pc.getStats();
    const out = { inbound: [], outbound: [], remoteInbound: [], transport: null, pair: null, codecs: {} };
    report.forEach((s) => {
      if (s.type === 'codec') out.codecs[s.id] = s.mimeType;
      if (s.type === 'inbound-rtp') out.inbound.push({
        kind: s.kind, ssrc: s.ssrc, mid: s.mid, packetsReceived: s.packetsReceived, packetsLost: s.packetsLost,
        nackCount: s.nackCount, pliCount: s.pliCount, framesDecoded: s.framesDecoded, frameWidth: s.frameWidth,
        frameHeight: s.frameHeight, freezeCount: s.freezeCount, totalAudioEnergy: s.totalAudioEnergy,
        concealedSamples: s.concealedSamples, totalSamplesReceived: s.totalSamplesReceived, codecId: s.codecId,
        firCount: s.firCount, framesPerSecond: s.framesPerSecond, framesDropped: s.framesDropped,
        totalFreezesDuration: s.totalFreezesDuration, jitterBufferDelay: s.jitterBufferDelay,
        jitterBufferEmittedCount: s.jitterBufferEmittedCount, bytesReceived: s.bytesReceived,
        retransmittedPacketsReceived: s.retransmittedPacketsReceived, framesReceived: s.framesReceived,
      });
      if (s.type === 'outbound-rtp') out.outbound.push({
        kind: s.kind, ssrc: s.ssrc, rid: s.rid, mid: s.mid, packetsSent: s.packetsSent, frameWidth: s.frameWidth,
        retransmittedPacketsSent: s.retransmittedPacketsSent, nackCount: s.nackCount, pliCount: s.pliCount,
        qualityLimitationReason: s.qualityLimitationReason, codecId: s.codecId,
        firCount: s.firCount, framesPerSecond: s.framesPerSecond, framesEncoded: s.framesEncoded,
        framesSent: s.framesSent, targetBitrate: s.targetBitrate, bytesSent: s.bytesSent,
        qualityLimitationDurations: s.qualityLimitationDurations,
      });
      if (s.type === 'remote-inbound-rtp') out.remoteInbound.push({
        kind: s.kind, ssrc: s.ssrc, packetsLost: s.packetsLost, fractionLost: s.fractionLost, roundTripTime: s.roundTripTime,
      });
      if (s.type === 'transport') out.transport = {
        dtlsState: s.dtlsState, iceState: s.iceState, srtpCipher: s.srtpCipher, tlsVersion: s.tlsVersion,
        dtlsRole: s.dtlsRole, selectedCandidatePairId: s.selectedCandidatePairId,
      };
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') out.pair = {
        availableOutgoingBitrate: s.availableOutgoingBitrate, currentRoundTripTime: s.currentRoundTripTime,
        bytesSent: s.bytesSent, bytesReceived: s.bytesReceived,
      };
    });
    for (const r of [...out.inbound, ...out.outbound]) r.codec = out.codecs[r.codecId];
    return out;
  },
  /** Sum of framesDecoded over inbound video. */
  async framesDecoded(pc) {
    const s = await this.summary(pc);
    return s.inbound.filter((r) => r.kind === 'video').reduce((a, r) => a + (r.framesDecoded || 0), 0);
  },
};
