using System.Text;
using Sfu.Core.Sctp;

namespace Sfu.Core.Tests.Sctp;

/// <summary>CRC32c against the check value and the iSCSI vectors RFC 3720 B.4 gives (RFC 9260 appendix B uses the same polynomial).</summary>
public class Crc32cTests
{
    [Fact]
    public void Check_value_of_123456789() => Assert.Equal(0xE3069283u, Crc32c.Compute(Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void Rfc3720_vectors()
    {
        Assert.Equal(0x8A9136AAu, Crc32c.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32c.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32c.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void A_sealed_packet_verifies_and_one_flipped_bit_fails()
    {
        var p = SctpTestPeer.Packet(7, new byte[] { 11, 0, 0, 4 });
        Assert.True(SctpCommonHeader.IsChecksumValid(p));
        p[13] ^= 1;
        Assert.False(SctpCommonHeader.IsChecksumValid(p));
    }
}
