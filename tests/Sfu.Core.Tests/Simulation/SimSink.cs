using Sfu.Core.Routing;

namespace Sfu.Core.Tests.Simulation;

/// <summary>A participant transport in the simulation: committed packets go onto the network towards the client.</summary>
internal sealed class SimSink(SimNetwork network, SimClock clock, Action<byte[], long> deliver) : IMediaTransportSink
{
    private readonly byte[] _buffer = new byte[2048];
    private ushort _twcc;

    public int RtpCommitted { get; private set; }
    public int RtcpCommitted { get; private set; }

    public Span<byte> GetBuffer(int minSize) => _buffer;

    public void Commit(PacketKind kind, int length)
    {
        if (kind == PacketKind.Rtp) RtpCommitted++;
        else RtcpCommitted++;
        network.Send(_buffer.AsSpan(0, length), clock.NowUs, deliver);
    }

    public ushort NextTransportSequenceNumber() => ++_twcc;

    public uint GetAbsSendTime(long nowUs) => Sfu.Core.Rtp.Extensions.AbsSendTimeExtension.FromMicroseconds(nowUs);
}
