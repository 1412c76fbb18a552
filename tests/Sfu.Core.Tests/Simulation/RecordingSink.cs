using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>A transport sink that keeps a copy of every committed packet (tests only).</summary>
internal sealed class RecordingSink : IMediaTransportSink
{
    private readonly byte[] _buffer = new byte[2048];
    private ushort _twcc;

    public List<byte[]> Rtp { get; } = [];

    /// <summary>When false, packets are only counted (for allocation measurements).</summary>
    public bool Keep { get; set; } = true;

    public long Committed { get; private set; }
    public List<byte[]> Rtcp { get; } = [];

    /// <summary>The time the driver last set (<see cref="NowUs"/>) when each RTCP packet was committed.</summary>
    public List<long> RtcpTimesUs { get; } = [];

    /// <summary>Set by the driver before each input, to timestamp what is committed.</summary>
    public long NowUs { get; set; }

    public Span<byte> GetBuffer(int minSize) => _buffer;

    public void Commit(PacketKind kind, int length)
    {
        Committed++;
        if (!Keep) return;
        (kind == PacketKind.Rtp ? Rtp : Rtcp).Add(_buffer.AsSpan(0, length).ToArray());
        if (kind == PacketKind.Rtcp) RtcpTimesUs.Add(NowUs);
    }

    public ushort NextTransportSequenceNumber() => ++_twcc;

    public uint GetAbsSendTime(long nowUs) => Sfu.Core.Rtp.Extensions.AbsSendTimeExtension.FromMicroseconds(nowUs);
}
