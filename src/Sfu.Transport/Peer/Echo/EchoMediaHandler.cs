using System.Buffers.Binary;
using System.Text;
using Sfu.Core.Diagnostics;
using Sfu.Core.Rtcp;
using Sfu.Core.Rtp;
using Sfu.Core.Sctp.DataChannels;

namespace Sfu.Transport.Peer.Echo;

/// <summary>
/// The echo endpoint's media: every RTP packet the peer sends comes back on the server SSRC signalled for
/// its section, re-encrypted with the server's SRTP context; PLI, FIR and NACK that the peer's receiver
/// sends about those SSRCs are reflected to the peer's sender with the SSRCs swapped, so the browser's
/// encoder answers its own decoder's requests. Like any receiver it also reports on what it received itself
/// (<see cref="EchoReceiverFeedback"/>: transport-cc feedback and receiver reports), so the peer's bandwidth
/// estimate holds. Data channel messages come back on the channel they arrived on, with the same type (string
/// or binary). For tests and diagnostics only (loopback).
/// </summary>
public sealed class EchoMediaHandler : IPeerMediaHandler, IPeerDataHandler
{
    private const int FeedbackSenderSsrcOffset = 4;
    private const int FeedbackMediaSsrcOffset = 8;
    private const int FirEntryLength = 8;
    private const int RtpSsrcOffset = 8; // RFC 3550 §5.1

    private readonly EchoStreamMap _map;
    private readonly RtpHeaderExtensionMap _extensions;
    private readonly int _midId;
    private readonly byte[] _rtcpOut = new byte[1500];

    /// <param name="map">The SSRC plan.</param>
    /// <param name="extensions">The negotiated header extensions.</param>
    /// <param name="transportCc">True when the peer negotiated transport-cc feedback (a=rtcp-fb transport-cc).</param>
    public EchoMediaHandler(EchoStreamMap map, RtpHeaderExtensionMap extensions, bool transportCc = true)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(extensions);
        _map = map;
        _extensions = extensions;
        _midId = extensions.GetId(RtpExtensionKind.Mid);
        _reporterSsrc = map.Sections.FirstOrDefault()?.LocalSsrc ?? 1;
        Feedback = new EchoReceiverFeedback(map, transportCc ? extensions.GetId(RtpExtensionKind.TransportWideCc) : 0, _reporterSsrc);
    }

    private readonly uint _reporterSsrc;
    private EchoTicker? _ticker;

    /// <summary>The server's own receiver feedback to the peer.</summary>
    public EchoReceiverFeedback Feedback { get; }

    /// <summary>RTP packets echoed, and RTCP feedback packets reflected.</summary>
    public long Echoed { get; private set; }
    public long FeedbackReflected { get; private set; }

    public void OnConnected(WebRtcTransport transport, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (_ticker is not null || transport.Shard is not { } shard) return;
        _ticker = new EchoTicker(Feedback, transport);
        shard.AddSession(_ticker);
    }

    /// <summary>Data channel messages echoed.</summary>
    public long DataEchoed { get; private set; }

    public void OnDataAssociationEstablished(WebRtcTransport transport, long nowMs) { }

    public void OnDataChannelOpened(WebRtcTransport transport, DataChannel channel, long nowMs) { }

    public void OnDataChannelMessage(WebRtcTransport transport, DataChannel channel, byte[] data, bool binary, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(transport);
        // A full send queue drops the echo; the association counts it (SendQueueFull).
        if (transport.DataChannels?.Send(channel, data, binary, nowMs) == Sfu.Core.Sctp.SctpDropReason.None) DataEchoed++;
    }

    public void OnDataChannelClosed(WebRtcTransport transport, DataChannel? channel, long nowMs) { }

    public void OnClosed(WebRtcTransport transport, long nowMs)
    {
        _ticker?.Close();
        _ticker = null;
    }

    public void OnRtp(WebRtcTransport transport, long nowMs, Span<byte> packet)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (!RtpPacketView.TryParse(packet, out var view, out var reason))
        {
            transport.Shard?.Drop(reason);
            return;
        }
        var ssrc = view.Ssrc;
        var known = _map.TryMapRemote(ssrc, out var local) || (Learn(view) && _map.TryMapRemote(ssrc, out local));
        // Before the drop decision: transport-cc feedback covers every packet carrying the extension.
        Feedback.OnRtp(ref view, MediaClock.NowUs);
        if (!known)
        {
            transport.Shard?.Drop(PacketDropReason.UnknownSsrc);
            return;
        }
        // Copy once, into the send slot, and rewrite the SSRC there.
        var slot = transport.RentSendSlot();
        if (slot.IsEmpty) return;
        if (slot.Length < packet.Length + transport.RtpOverhead)
        {
            transport.CancelSendSlot(PacketDropReason.Overflow);
            return;
        }
        packet.CopyTo(slot);
        BinaryPrimitives.WriteUInt32BigEndian(slot[RtpSsrcOffset..], local);
        // Keep the plaintext of video media (not RTX) before the slot is encrypted in place.
        if (_map.TryGetLocal(local, out var section, out var isRtx) && !isRtx && section.Sent is { } cache)
            cache.Put(view.SequenceNumber, slot[..packet.Length]);
        if (transport.CommitSendSlot(packet.Length, rtcp: false)) Echoed++;
    }

    /// <summary>Binds an unknown peer SSRC to its section through the mid extension (RTX by payload type).</summary>
    private bool Learn(RtpPacketView view)
    {
        if (_midId == 0 || !view.TryGetExtension(_midId, out var midBytes) || midBytes.Length == 0) return false;
        var mid = Encoding.ASCII.GetString(midBytes);
        if (!_map.TryGetSection(mid, out var section)) return false;
        var rtx = section.RtxPayloadTypes.Contains(view.PayloadType);
        return _map.Bind(mid, view.Ssrc, rtx);
    }

    public void OnRtcp(WebRtcTransport transport, long nowMs, Span<byte> packet)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (!RtcpCompoundReader.TryParse(packet, out var reader, out var reason))
        {
            transport.Shard?.Drop(reason);
            return;
        }
        var written = 0;
        while (reader.MoveNext())
        {
            var type = reader.CurrentType;
            var current = reader.Current;
            if (type == RtcpPacketType.SenderReport && RtcpSenderReport.TryParse(current, out var sr, out _))
            {
                Feedback.OnSenderReport(sr.Ssrc, sr.SenderInfo.NtpTimestamp, MediaClock.NowUs);
                continue;
            }
            if (type is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback)) continue;
            var fmt = reader.CurrentCount;
            var isNack = type == RtcpPacketType.TransportFeedback && fmt == 1;
            var isPli = type == RtcpPacketType.PayloadFeedback && fmt == 1;
            var isFir = type == RtcpPacketType.PayloadFeedback && fmt == 4;
            if (!(isNack || isPli || isFir) || current.Length < 12 || written + current.Length > _rtcpOut.Length) continue;
            if (isNack) ResendCached(transport, current);
            var copy = _rtcpOut.AsSpan(written, current.Length);
            current.CopyTo(copy);
            if (!SwapFeedbackSsrcs(copy, isFir)) continue;
            written += current.Length;
        }
        if (written > 0 && transport.SendRtcp(_rtcpOut.AsSpan(0, written))) FeedbackReflected++;
    }

    /// <summary>
    /// Answers a NACK about a server SSRC from the packets the echo sent (RFC 4585 §6.2.1: PID, and bit i of BLP
    /// for PID + i + 1). The NACK is still reflected: packets the server never received (lost on the way in)
    /// are only the peer's sender's to repair, and a duplicate repair is harmless.
    /// </summary>
    private void ResendCached(WebRtcTransport transport, ReadOnlySpan<byte> nack)
    {
        if (!RtcpGenericNack.TryParse(nack, out var parsed, out _) || !_map.TryGetLocal(parsed.MediaSsrc, out var section, out var rtx)
            || rtx || section.Sent is not { } cache) return;
        for (var i = 0; i < parsed.ItemCount; i++)
        {
            var (pid, blp) = parsed.GetItem(i);
            Resend(transport, cache, pid);
            for (var b = 0; b < 16; b++)
                if ((blp & (1 << b)) != 0) Resend(transport, cache, (ushort)(pid + b + 1));
        }
    }

    private static void Resend(WebRtcTransport transport, EchoRetransmitCache cache, ushort seq)
    {
        if (cache.TryGet(seq, out var packet) && transport.SendRtp(packet)) cache.Resent++;
    }

    /// <summary>
    /// RFC 4585 §6.1: the common feedback header carries the sender SSRC then the media source SSRC; a FIR
    /// (RFC 5104 §4.3.1) names its target SSRCs in 8-byte FCI entries instead.
    /// </summary>
    private bool SwapFeedbackSsrcs(Span<byte> fb, bool isFir)
    {
        // The reflected request appears to come from the server's receiver of the peer's stream.
        BinaryPrimitives.WriteUInt32BigEndian(fb[FeedbackSenderSsrcOffset..], _reporterSsrc);
        if (isFir)
        {
            var ok = false;
            for (var at = 12; at + FirEntryLength <= fb.Length; at += FirEntryLength)
            {
                if (_map.TryMapLocal(BinaryPrimitives.ReadUInt32BigEndian(fb[at..]), out var remote))
                {
                    BinaryPrimitives.WriteUInt32BigEndian(fb[at..], remote);
                    ok = true;
                }
            }
            return ok;
        }
        if (!_map.TryMapLocal(BinaryPrimitives.ReadUInt32BigEndian(fb[FeedbackMediaSsrcOffset..]), out var media)) return false;
        BinaryPrimitives.WriteUInt32BigEndian(fb[FeedbackMediaSsrcOffset..], media);
        return true;
    }
}
