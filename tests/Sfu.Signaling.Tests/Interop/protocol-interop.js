// Interop oracle for this project's LiveKit .proto files: uses the @livekit/protocol package bundled
// with livekit-server-sdk (protobuf-es) from tests/interop/node_modules (NODE_PATH points there).
//
//   node protocol-interop.js samples          -> JSON array [{name, type, binary (base64), json}]
//   node protocol-interop.js decode           <- stdin JSON array [{type, binary}]
//                                             -> JSON array [{type, json}] (protobuf-es toJson)
//   node protocol-interop.js schema T1 T2 ... -> JSON {typeName: {kind, fields|values}}
'use strict';
const lk = require('@livekit/protocol');
const pb = require('@bufbuild/protobuf');

function type(name) {
  const t = lk[name];
  if (!t) throw new Error('unknown type in @livekit/protocol: ' + name);
  return t;
}

function samples() {
  const track = {
    sid: 'TR_VCam1234abcd', type: lk.TrackType.VIDEO, name: 'camera', muted: false, width: 1280, height: 720,
    source: lk.TrackSource.CAMERA, mimeType: 'video/VP8', mid: '2', stream: 'camera',
    layers: [
      { quality: lk.VideoQuality.LOW, width: 320, height: 180, bitrate: 150000, ssrc: 1111, rid: 'q' },
      { quality: lk.VideoQuality.HIGH, width: 1280, height: 720, bitrate: 1700000, ssrc: 3333, rid: 'f', spatialLayer: 2 },
    ],
    codecs: [{ mimeType: 'video/VP8', mid: '2', cid: 'cam-cid', sdpCid: 'cam-cid',
      videoLayerMode: lk.VideoLayer_Mode.ONE_SPATIAL_LAYER_PER_STREAM,
      layers: [{ quality: lk.VideoQuality.MEDIUM, width: 640, height: 360, bitrate: 500000, rid: 'h' }] }],
    encryption: lk.Encryption_Type.GCM, version: { unixMicro: 1764380000123456n, ticks: 3 },
    audioFeatures: [lk.AudioTrackFeature.TF_NO_DTX, lk.AudioTrackFeature.TF_STEREO],
    backupCodecPolicy: lk.BackupCodecPolicy.SIMULCAST,
  };
  const participant = {
    sid: 'PA_abcdEFGH1234', identity: 'alice', state: lk.ParticipantInfo_State.ACTIVE, tracks: [track],
    metadata: '{"role":"host"}', joinedAt: 1764380000n, joinedAtMs: 1764380000123n, name: 'Alice Ünicode ✓',
    version: 7, region: 'eu', isPublisher: true, kind: lk.ParticipantInfo_Kind.AGENT,
    kindDetails: [lk.ParticipantInfo_KindDetail.FORWARDED],
    attributes: { color: 'blue', 'empty': '' },
    permission: { canSubscribe: true, canPublish: true, canPublishData: true, canUpdateMetadata: true,
      canPublishSources: [lk.TrackSource.CAMERA, lk.TrackSource.SCREEN_SHARE_AUDIO], hidden: false, canSubscribeMetrics: true },
    disconnectReason: lk.DisconnectReason.DUPLICATE_IDENTITY, clientProtocol: 2,
    capabilities: [lk.ClientInfo_Capability.CAP_PACKET_TRAILER],
  };
  const room = {
    sid: 'RM_room12345678', name: 'my-room', emptyTimeout: 300, departureTimeout: 20, maxParticipants: 50,
    creationTime: 1764380000n, creationTimeMs: 1764380000999n, metadata: 'room meta',
    enabledCodecs: [{ mime: 'audio/opus' }, { mime: 'video/H264', fmtpLine: 'profile-level-id=42e01f' }],
    numParticipants: 2, numPublishers: 1, activeRecording: true, version: { unixMicro: 5n, ticks: 1 },
  };
  const join = {
    room, participant, otherParticipants: [{ ...participant, sid: 'PA_other1234567', identity: 'bob', tracks: [] }],
    serverVersion: '1.9.0', subscriberPrimary: true, alternativeUrl: 'wss://alt',
    iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp', 'stun:127.0.0.1:3478'], username: '1764390000:alice', credential: 'abc=' }],
    clientConfiguration: { video: { hardwareEncoder: lk.ClientConfigSetting.DISABLED }, resumeConnection: lk.ClientConfigSetting.ENABLED,
      forceRelay: lk.ClientConfigSetting.UNSET, disabledCodecs: { codecs: [{ mime: 'video/AV1' }], publish: [{ mime: 'video/H265' }] } },
    serverRegion: 'local', pingTimeout: 15, pingInterval: 5,
    serverInfo: { edition: lk.ServerInfo_Edition.Standard, version: '1.9.0', protocol: 17, region: 'local', nodeId: 'ND_node', agentProtocol: 1 },
    sifTrailer: new Uint8Array([1, 2, 0, 255]), enabledPublishCodecs: [{ mime: 'video/VP8' }], fastPublish: true,
  };
  const out = [];
  const add = (name, typeName, value) => {
    const T = type(typeName);
    const m = new T(value);
    out.push({ name, type: typeName, binary: Buffer.from(m.toBinary()).toString('base64'), json: m.toJson() });
  };
  const req = (c, v) => add('SignalRequest.' + c, 'SignalRequest', { message: { case: c, value: v } });
  const res = (c, v) => add('SignalResponse.' + c, 'SignalResponse', { message: { case: c, value: v } });
  const sd = (t, id) => new lk.SessionDescription({ type: t, sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', id, midToTrackId: { '0': 'TR_a', '1': 'TR_b' } });
  const trickle = new lk.TrickleRequest({ candidateInit: JSON.stringify({ candidate: 'candidate:1 1 udp 2122260223 abcd.local 5000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'uf' }), target: lk.SignalTarget.SUBSCRIBER, final: true });
  const addTrack = new lk.AddTrackRequest({ cid: '6f1c-cid', name: 'camera', type: lk.TrackType.VIDEO, width: 640, height: 480,
    muted: true, source: lk.TrackSource.CAMERA, layers: track.layers, stream: 's', disableRed: true,
    simulcastCodecs: [{ codec: 'vp8', cid: '6f1c-cid', layers: track.layers, videoLayerMode: lk.VideoLayer_Mode.MULTIPLE_SPATIAL_LAYERS_PER_STREAM }],
    encryption: lk.Encryption_Type.NONE, backupCodecPolicy: lk.BackupCodecPolicy.REGRESSION,
    audioFeatures: [lk.AudioTrackFeature.TF_ECHO_CANCELLATION], packetTrailerFeatures: [lk.PacketTrailerFeature.PTF_FRAME_ID] });
  const mute = new lk.MuteTrackRequest({ sid: 'TR_x', muted: true });
  const updMeta = new lk.UpdateParticipantMetadata({ metadata: 'm', name: 'n', attributes: { a: '1', b: '' }, requestId: 42 });

  req('offer', sd('offer', 3));
  req('answer', sd('answer', 0));
  req('trickle', trickle);
  req('addTrack', addTrack);
  req('mute', mute);
  req('subscription', { trackSids: ['TR_1', 'TR_2'], subscribe: true, participantTracks: [{ participantSid: 'PA_1', trackSids: ['TR_1'] }] });
  req('trackSetting', { trackSids: ['TR_1'], disabled: true, quality: lk.VideoQuality.MEDIUM, width: 320, height: 240, fps: 15, priority: 2 });
  req('leave', { canReconnect: true, reason: lk.DisconnectReason.CLIENT_INITIATED, action: lk.LeaveRequest_Action.RESUME,
    regions: { regions: [{ region: 'eu', url: 'https://eu', distance: 12n }] } });
  req('updateLayers', { trackSid: 'TR_1', layers: track.layers });
  req('subscriptionPermission', { allParticipants: false, trackPermissions: [{ participantSid: 'PA_1', allTracks: false, trackSids: ['TR_9'], participantIdentity: 'bob' }] });
  req('syncState', { answer: sd('answer', 4), offer: sd('offer', 5), subscription: { trackSids: ['TR_1'], subscribe: true },
    publishTracks: [{ cid: 'c', track }], dataChannels: [{ label: '_reliable', id: 1, target: lk.SignalTarget.SUBSCRIBER }],
    trackSidsDisabled: ['TR_2'], datachannelReceiveStates: [{ publisherSid: 'PA_1', lastSeq: 99 }] });
  req('simulate', { scenario: { case: 'subscriberBandwidth', value: 1000000n } });
  req('ping', 1764380000123n);
  req('updateMetadata', updMeta);
  req('pingReq', { timestamp: 1764380000123n, rtt: 45n });
  req('updateAudioTrack', { trackSid: 'TR_a', features: [lk.AudioTrackFeature.TF_STEREO, lk.AudioTrackFeature.TF_NO_DTX] });
  req('updateVideoTrack', { trackSid: 'TR_v', width: 1920, height: 1080 });
  req('publishDataTrackRequest', { pubHandle: 3, name: 'dt', encryption: lk.Encryption_Type.GCM });
  req('unpublishDataTrackRequest', { pubHandle: 3 });
  req('updateDataSubscription', { updates: [{ trackSid: 'DTR_1', subscribe: true }] });
  req('storeDataBlobRequest', { requestId: 8, blob: { key: { key: { case: 'generic', value: 'k' } }, contents: new Uint8Array([9, 8, 7]) } });
  req('getDataBlobRequest', { requestId: 9, participantIdentity: 'alice', key: { key: { case: 'generic', value: 'k' } } });

  res('join', join);
  res('answer', sd('answer', 3));
  res('offer', sd('offer', 1));
  res('trickle', trickle);
  res('update', { participants: [participant, { sid: 'PA_gone', identity: 'carol', state: lk.ParticipantInfo_State.DISCONNECTED, version: 9 }] });
  res('trackPublished', { cid: '6f1c-cid', track });
  res('leave', { reason: lk.DisconnectReason.STATE_MISMATCH, action: lk.LeaveRequest_Action.RECONNECT });
  res('mute', mute);
  res('speakersChanged', { speakers: [{ sid: 'PA_1', level: 0.5, active: true }, { sid: 'PA_2', level: 0, active: false }] });
  res('roomUpdate', { room });
  res('connectionQuality', { updates: [{ participantSid: 'PA_1', quality: lk.ConnectionQuality.EXCELLENT, score: 4.5 }, { participantSid: 'PA_2', quality: lk.ConnectionQuality.LOST }] });
  res('streamStateUpdate', { streamStates: [{ participantSid: 'PA_1', trackSid: 'TR_1', state: lk.StreamState.PAUSED }] });
  res('subscribedQualityUpdate', { trackSid: 'TR_1', subscribedQualities: [{ quality: lk.VideoQuality.HIGH, enabled: true }],
    subscribedCodecs: [{ codec: 'vp8', qualities: [{ quality: lk.VideoQuality.LOW, enabled: true }, { quality: lk.VideoQuality.HIGH, enabled: false }] }] });
  res('subscriptionPermissionUpdate', { participantSid: 'PA_1', trackSid: 'TR_1', allowed: true });
  res('refreshToken', 'eyJhbGciOiJIUzI1NiJ9.e30.sig');
  res('trackUnpublished', { trackSid: 'TR_1' });
  res('pong', 1764380000456n);
  res('reconnect', { iceServers: join.iceServers, clientConfiguration: join.clientConfiguration, serverInfo: join.serverInfo, lastMessageSeq: 17 });
  res('pongResp', { lastPingTimestamp: 1764380000123n, timestamp: 1764380000456n });
  res('subscriptionResponse', { trackSid: 'TR_1', err: lk.SubscriptionError.SE_TRACK_NOTFOUND });
  res('requestResponse', { requestId: 42, reason: lk.RequestResponse_Reason.NOT_ALLOWED, message: 'does not have permission to update own metadata',
    request: { case: 'updateMetadata', value: updMeta } });
  res('trackSubscribed', { trackSid: 'TR_1' });
  res('roomMoved', { room, token: 'tok', participant, otherParticipants: [] });
  res('mediaSectionsRequirement', { numAudios: 2, numVideos: 3 });
  res('subscribedAudioCodecUpdate', { trackSid: 'TR_a', subscribedAudioCodecs: [{ codec: 'opus', enabled: true }] });
  res('publishDataTrackResponse', { info: { pubHandle: 3, sid: 'DTR_1', name: 'dt', encryption: lk.Encryption_Type.NONE } });
  res('unpublishDataTrackResponse', { info: { pubHandle: 3, sid: 'DTR_1' } });
  res('dataTrackSubscriberHandles', { subHandles: { 5: { publisherIdentity: 'alice', publisherSid: 'PA_1', trackSid: 'DTR_1' } } });
  res('storeDataBlobResponse', { requestId: 8, key: { key: { case: 'generic', value: 'k' } } });
  res('getDataBlobResponse', { requestId: 9, blob: { contents: new Uint8Array([1]) } });

  add('JoinResponse', 'JoinResponse', join);
  add('ParticipantInfo', 'ParticipantInfo', participant);
  add('TrackInfo', 'TrackInfo', track);
  add('DataPacket.user', 'DataPacket', { kind: lk.DataPacket_Kind.LOSSY, participantIdentity: 'alice', destinationIdentities: ['bob'],
    sequence: 12, participantSid: 'PA_1',
    value: { case: 'user', value: { payload: new Uint8Array([0, 1, 2, 250]), topic: 'chat', id: 'u1', startTime: 10n, endTime: 20n, nonce: new Uint8Array([7]) } } });
  add('DataPacket.rpcRequest', 'DataPacket', { value: { case: 'rpcRequest', value: { id: 'r1', method: 'greet', payload: 'hi', responseTimeoutMs: 10000, version: 1 } } });
  add('DataPacket.rpcResponse', 'DataPacket', { value: { case: 'rpcResponse', value: { requestId: 'r1', value: { case: 'error', value: { code: 1500, message: 'boom', data: 'd' } } } } });
  add('DataPacket.streamHeader', 'DataPacket', { value: { case: 'streamHeader', value: { streamId: 's1', timestamp: 5n, topic: 'lk.chat', mimeType: 'text/plain',
    totalLength: 100n, attributes: { x: 'y' }, contentHeader: { case: 'textHeader', value: { operationType: lk.DataStream_OperationType.UPDATE, version: 2, attachedStreamIds: ['s0'] } } } } });
  add('DataPacket.streamChunk', 'DataPacket', { value: { case: 'streamChunk', value: { streamId: 's1', chunkIndex: 3n, content: new Uint8Array([65, 66]), iv: new Uint8Array([1, 2]) } } });
  add('DataPacket.chatMessage', 'DataPacket', { value: { case: 'chatMessage', value: { id: 'c1', timestamp: 99n, editTimestamp: 100n, message: 'hello', generated: true } } });
  add('DataPacket.sipDtmf', 'DataPacket', { value: { case: 'sipDtmf', value: { code: 1, digit: '#' } } });
  add('DataPacket.transcription', 'DataPacket', { value: { case: 'transcription', value: { transcribedParticipantIdentity: 'alice', trackId: 'TR_a',
    segments: [{ id: 'seg', text: 'hi', startTime: 1n, endTime: 2n, final: true, language: 'en' }] } } });
  add('DataPacket.encrypted', 'DataPacket', { value: { case: 'encryptedPacket', value: { encryptionType: lk.Encryption_Type.GCM, iv: new Uint8Array([1]), keyIndex: 2, encryptedValue: new Uint8Array([3]) } } });
  add('WrappedJoinRequest', 'WrappedJoinRequest', { compression: lk.WrappedJoinRequest_Compression.GZIP, joinRequest: new Uint8Array([31, 139, 8]) });
  add('JoinRequest', 'JoinRequest', { clientInfo: { sdk: lk.ClientInfo_SDK.JS, version: '2.23.0', protocol: 17, os: 'Linux', browser: 'Chrome', clientProtocol: 2,
    capabilities: [lk.ClientInfo_Capability.CAP_COMPRESSION_DEFLATE_RAW] },
    connectionSettings: { autoSubscribe: true, adaptiveStream: true, subscriberAllowPause: false, disableIceLite: false },
    metadata: 'md', participantAttributes: { k: 'v' }, addTrackRequests: [addTrack], publisherOffer: sd('offer', 1), reconnect: true,
    reconnectReason: lk.ReconnectReason.RR_SUBSCRIBER_FAILED, participantSid: 'PA_1' });
  add('WebhookEvent', 'WebhookEvent', { event: 'participant_joined', room, participant, id: 'EV_1', createdAt: 1764380000n });
  add('UpdateParticipantRequest', 'UpdateParticipantRequest', { room: 'r', identity: 'i', metadata: 'm', permission: participant.permission, name: 'n', attributes: { a: 'b' } });
  add('RoomConfiguration', 'RoomConfiguration', { name: 'r', emptyTimeout: 10, departureTimeout: 5, maxParticipants: 3, metadata: 'm', syncStreams: true, minPlayoutDelay: 1, maxPlayoutDelay: 2,
    agents: [{ agentName: 'a', metadata: 'm' }], tags: { t: 'v' } });
  return out;
}

function decode(items) {
  return items.map(({ type: t, binary }) => {
    const m = type(t).fromBinary(Buffer.from(binary, 'base64'));
    return { type: t, json: m.toJson() };
  });
}

function schema(names) {
  const out = {};
  for (const n of names) {
    const t = type(n);
    if (t.fields) {
      out[t.typeName] = { kind: 'message', fields: t.fields.list().map(f => ({
        no: f.no, name: f.name, jsonName: f.jsonName, kind: f.kind, repeated: !!f.repeated, oneof: f.oneof ? f.oneof.name : null,
        scalar: f.kind === 'scalar' ? f.T : (f.kind === 'map' && f.V.kind === 'scalar' ? f.V.T : null),
        typeName: f.kind === 'message' || f.kind === 'enum' ? f.T.typeName : (f.kind === 'map' && f.V.kind !== 'scalar' ? f.V.T.typeName : null),
        mapKey: f.kind === 'map' ? f.K : null,
      })) };
    } else {
      const e = pb.proto3.getEnumType(t);
      out[e.typeName] = { kind: 'enum', values: e.values.map(v => ({ no: v.no, name: v.name })) };
    }
  }
  return out;
}

const mode = process.argv[2];
if (mode === 'samples') process.stdout.write(JSON.stringify(samples()));
else if (mode === 'decode') {
  const input = require('fs').readFileSync(0, 'utf8');
  process.stdout.write(JSON.stringify(decode(JSON.parse(input))));
} else if (mode === 'schema') process.stdout.write(JSON.stringify(schema(process.argv.slice(3))));
else { process.stderr.write('usage: protocol-interop.js samples|decode|schema ...\n'); process.exit(2); }
