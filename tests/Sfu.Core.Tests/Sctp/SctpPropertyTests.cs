using CsCheck;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>
/// Random and mutated packets against a listening and an established association: never an exception, never
/// an out-of-range read, memory within the configured bounds.
/// </summary>
public class SctpPropertyTests
{
    private static void Feed(SctpAssociation a, byte[] packet, bool reseal)
    {
        if (reseal && packet.Length >= SctpCommonHeader.Length)
        {
            // A valid checksum gets the mutation past the CRC check into the chunk parsers.
            packet.AsSpan(8, 4).Clear();
            SctpCommonHeader.Seal(packet);
        }
        a.HandlePacket(packet, 5);
        var buffer = new byte[1500];
        for (var i = 0; i < 100 && a.TryPollTransmit(buffer, 5, out _); i++) { }
        while (a.TryPollMessage(out _)) { }
        while (a.TryPollEvent(out _)) { }
        a.HandleTimeout(100_000);
        Assert.InRange(a.BufferedReceiveBytes, 0, a.Options.ReceiveWindow + a.Options.MaxMessageSize);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 1500].Sample(bytes =>
        {
            var a = new SctpAssociation(random: new Random(1));
            Feed(a, bytes, reseal: true);
        }, iter: PropertyCases.Count / 4);
    }

    [Fact]
    public void Mutated_packets_against_an_established_association_never_throw()
    {
        var peer = new SctpTestPeer();
        var template = new SctpAssociation(random: new Random(2));
        peer.Connect(template, 0);
        var seeds = new List<byte[]>
        {
            peer.Init(),
            SctpTestPeer.Packet(peer.ServerTag, peer.Data(1, 0, 51, new byte[40], SctpDataChunk.FlagBeginning)),
            SctpTestPeer.Packet(peer.ServerTag, peer.Data(1, 0, 51, new byte[40], SctpDataChunk.FlagEnd)),
            SctpTestPeer.Packet(peer.ServerTag, peer.Data(2, 0, 53, new byte[8], SctpDataChunk.FlagUnordered | 3)),
        };
        var sack = new byte[24];
        SctpSackChunk.Write(sack, 5, 1000, [1, 3], [7]);
        seeds.Add(SctpTestPeer.Packet(peer.ServerTag, sack));
        var fwd = new byte[16];
        SctpForwardTsnChunk.Write(fwd, 1003, new[] { ((ushort)1, (ushort)5) });
        seeds.Add(SctpTestPeer.Packet(peer.ServerTag, fwd));
        var gen = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 1499], Gen.Byte, Gen.Int[0, 3]);
        var shared = new SctpAssociation(random: new Random(2));
        new SctpTestPeer().Connect(shared, 0);
        gen.Sample((index, position, value, mode) =>
        {
            var p = (byte[])seeds[index].Clone();
            if (mode == 3) p = p[..Math.Min(p.Length, position % (p.Length + 1))];
            else if (p.Length > 0) p[position % p.Length] = mode == 0 ? value : (byte)(p[position % p.Length] ^ (1 << (value & 7)));
            Feed(shared, p, reseal: true);
        }, iter: PropertyCases.Count / 4, threads: 1);
    }
}

