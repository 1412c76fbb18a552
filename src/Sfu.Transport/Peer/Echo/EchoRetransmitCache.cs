namespace Sfu.Transport.Peer.Echo;

/// <summary>
/// The last <see cref="Size"/> video packets the echo sent on one server SSRC (plaintext, SSRC already
/// rewritten), to answer the peer's NACKs for packets lost on the way back as an SFU does.
/// </summary>
/// <remarks>
/// Reflecting those NACKs to the peer's sender is not enough once the echo sends transport-cc feedback: libwebrtc
/// drops a packet from its retransmission history as soon as transport-cc feedback acknowledges it
/// (RtpVideoSender::OnPacketFeedbackVector, "packets acknowledged" culling), since a receiver that acknowledged
/// a packet is expected to repair its own subscribers. A packet the server received and the echo's return leg
/// lost could then never be repaired and the browser's decoder waited ~3 s for a key frame (docs/dtls.md).
/// The resend is the original packet again, same sequence number: the peer never got it, so its SRTP replay
/// window accepts it, and the plaintext and index are the same as the lost one's.
/// </remarks>
public sealed class EchoRetransmitCache
{
    /// <summary>Packets kept (about 4 s of 640x360 video at 15 fps).</summary>
    public const int Size = 512;
    private const int MaxPacket = 1500;

    private readonly byte[][] _data = new byte[Size][];
    private readonly int[] _length = new int[Size];
    private readonly int[] _seq = new int[Size];

    /// <summary>An empty cache; buffers are allocated as slots fill.</summary>
    public EchoRetransmitCache() => Array.Fill(_seq, -1);

    /// <summary>Packets resent.</summary>
    public long Resent { get; internal set; }

    /// <summary>Keeps <paramref name="packet"/> (sent with <paramref name="sequenceNumber"/>); longer packets are not kept.</summary>
    public void Put(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > MaxPacket) return;
        var i = sequenceNumber & (Size - 1);
        var buffer = _data[i] ??= new byte[MaxPacket];
        packet.CopyTo(buffer);
        _length[i] = packet.Length;
        _seq[i] = sequenceNumber;
    }

    /// <summary>The packet sent with <paramref name="sequenceNumber"/>, if still kept.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var i = sequenceNumber & (Size - 1);
        if (_seq[i] != sequenceNumber)
        {
            packet = default;
            return false;
        }
        packet = _data[i].AsSpan(0, _length[i]);
        return true;
    }
}
