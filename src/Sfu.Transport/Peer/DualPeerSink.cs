using System.Buffers.Binary;
using Sfu.Core.Routing;

namespace Sfu.Transport.Peer;

/// <summary>
/// The engine's <see cref="IMediaTransportSink"/> for a participant with two peer connections (LiveKit's
/// dual-PC mode): RTP and the RTCP about what the server sends (SR, BYE, SDES) go to the subscriber
/// transport; RTCP about what the server receives (RR, XR, NACK, PLI, FIR, transport-cc, REMB) goes to the
/// publisher transport. Either transport may be absent (not negotiated yet): the packet is then dropped.
/// </summary>
/// <remarks>
/// Shard thread only. The transport-wide sequence counter belongs to the subscriber transport, the only
/// one the server sends media on (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2). abs-send-time is
/// the 6.18 fixed-point seconds of the shard clock, 24 bits (webrtc.org abs-send-time).
/// The engine writes each packet straight into the subscriber transport's slot of the shard's send batch,
/// where it is protected in place: one copy per subscriber. Only RTCP for the publisher connection, which
/// cannot be told apart before it is written, is copied once more (it is rare: feedback every 50-100 ms).
/// </remarks>
public sealed class DualPeerSink : IMediaTransportSink
{
    /// <summary>RTCP packet types (RFC 3550 §12.1) sent towards the subscriber side: SR, SDES, BYE.</summary>
    private const byte SenderReport = 200;
    private const byte SourceDescription = 202;
    private const byte Goodbye = 203;
    private const int AbsSendTimeFractionBits = 18;

    private readonly byte[] _buffer = new byte[1500 + 64];
    private ushort _transportSequence;

    /// <summary>The publisher transport (the peer sends media on it), or null.</summary>
    public WebRtcTransport? Publisher { get; set; }

    /// <summary>The subscriber transport (the server sends media on it), or null.</summary>
    public WebRtcTransport? Subscriber { get; set; }

    /// <summary>Packets committed while the transport they belong to did not exist or was not connected.</summary>
    public long Unsent { get; private set; }

    private bool _inSlot;

    /// <inheritdoc />
    public Span<byte> GetBuffer(int minSize)
    {
        // Most packets are RTP for the subscriber connection: hand out its send slot when it can take them.
        if (Subscriber is { IsConnected: true } subscriber)
        {
            var slot = subscriber.RentSendSlot();
            if (slot.Length >= minSize + subscriber.RtpOverhead)
            {
                _inSlot = true;
                return slot;
            }
            if (!slot.IsEmpty) subscriber.CancelSendSlot(Sfu.Core.Diagnostics.PacketDropReason.None);
        }
        _inSlot = false;
        return minSize <= _buffer.Length ? _buffer : new byte[minSize];
    }

    /// <inheritdoc />
    public void Commit(PacketKind kind, int length)
    {
        var inSlot = _inSlot;
        _inSlot = false;
        if (length <= 0)
        {
            if (inSlot) Subscriber!.CancelSendSlot(Sfu.Core.Diagnostics.PacketDropReason.None);
            return;
        }
        var rtcp = kind != PacketKind.Rtp;
        if (inSlot)
        {
            var subscriber = Subscriber!;
            var slot = subscriber.Shard!.GetRentedSendBuffer();
            if (!rtcp || IsForSubscriber(slot))
            {
                if (!subscriber.CommitSendSlot(length, rtcp)) Unsent++;
                return;
            }
            // Feedback for the publisher connection: move it out of the subscriber's slot.
            slot[..Math.Min(length, _buffer.Length)].CopyTo(_buffer);
            subscriber.CancelSendSlot(Sfu.Core.Diagnostics.PacketDropReason.None);
        }
        var packet = _buffer.AsSpan(0, Math.Min(length, _buffer.Length));
        var target = !rtcp || IsForSubscriber(packet) ? Subscriber : Publisher;
        var sent = target is not null && (rtcp ? target.SendRtcp(packet) : target.SendRtp(packet));
        if (!sent) Unsent++;
    }

    private static bool IsForSubscriber(ReadOnlySpan<byte> rtcp) =>
        rtcp.Length >= 2 && rtcp[1] is SenderReport or SourceDescription or Goodbye;

    /// <inheritdoc />
    public ushort NextTransportSequenceNumber() => ++_transportSequence;

    /// <inheritdoc />
    public uint GetAbsSendTime(long nowUs) => (uint)(((nowUs << AbsSendTimeFractionBits) / 1_000_000) & 0xFFFFFF);

    /// <summary>Reads the RTCP packet type of a compound's first packet (for tests and logs).</summary>
    public static byte FirstRtcpType(ReadOnlySpan<byte> packet) => packet.Length >= 2 ? packet[1] : (byte)0;

    /// <summary>Reads the SSRC of an RTP packet (for tests and logs).</summary>
    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => packet.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) : 0;
}
