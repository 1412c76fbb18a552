using System.Text;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;

namespace Sfu.Core.Tests.Stun;

/// <summary>RFC 5769 "Test Vectors for STUN", reproduced byte for byte in both directions.</summary>
public class Rfc5769StunTests
{
    private static readonly byte[] s_password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");
    private static readonly byte[] s_transactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    // RFC 5769 §2.1 Sample Request.
    internal static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e207465737420636c69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b151263b36" +
        "00060009" + "6576746a3a68367659202020" +
        "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004" + "e57a3bcf");

    // RFC 5769 §2.2 Sample IPv4 Response (192.0.2.1:32853).
    private static readonly byte[] s_ipv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    // RFC 5769 §2.3 Sample IPv6 Response (2001:db8:1234:5678:11:2233:4455:6677 port 32853).
    private static readonly byte[] s_ipv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200014" + "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014" + "a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004" + "c8fb0b4c");

    // RFC 5769 §2.4 Sample Request with Long-Term Authentication.
    private static readonly byte[] s_longTermRequest = Convert.FromHexString(
        "000100602112a44278ad3433c6ad72c029da412e" +
        "00060012" + "e3839ee38388e383aae38383e382afe382b90000" +
        "0015001c" + "662f2f3439396b39353464364f4c33346f4c394653547679363473" + "41" +
        "0014000b" + "6578616d706c652e6f726700" +
        "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    [Fact]
    public void SampleRequestParsesAndItsIntegrityAndFingerprintVerify()
    {
        Assert.Equal(108, SampleRequest.Length);
        Assert.True(StunMessageReader.TryParse(SampleRequest, out var m, out var reason), reason.ToString());
        Assert.Equal(StunMessageType.BindingRequest, m.MessageType);
        Assert.Equal(StunClass.Request, m.Class);
        Assert.Equal(StunMethod.Binding, m.Method);
        Assert.True(m.TransactionId.SequenceEqual(s_transactionId));
        Assert.True(m.TryGetUsername(out var user));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(user));
        Assert.True(m.TryGetPriority(out var priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(m.TryGetIceControlled(out var tie));
        Assert.Equal(0x932ff9b151263b36UL, tie);
        Assert.False(m.TryGetIceControlling(out _));
        Assert.False(m.HasUseCandidate);
        Assert.True(m.TryGetAttribute(StunAttributeType.Software, out var software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(m.ValidateMessageIntegrity(s_password));
        Assert.True(m.ValidateFingerprint());
        Assert.False(m.ValidateMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void SampleRequestIsRebuiltByteForByte()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMessageType.BindingRequest, s_transactionId) { PaddingByte = 0x20 };
        w.AddSoftware("STUN test client"u8);
        w.AddPriority(0x6e0001ff);
        w.AddIceControlled(0x932ff9b151263b36);
        w.AddUsername("evtj:h6vY"u8);
        w.AddMessageIntegrity(s_password);
        w.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void Ipv4ResponseDecodesTheMappedAddressAndVerifies()
    {
        Assert.True(StunMessageReader.TryParse(s_ipv4Response, out var m, out _));
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Span<byte> address = stackalloc byte[16];
        Assert.True(m.TryGetXorMappedAddress(address, out var family, out var length, out var port));
        Assert.Equal(StunAddressFamily.IPv4, family);
        Assert.Equal("192.0.2.1", new System.Net.IPAddress(address[..length]).ToString());
        Assert.Equal(32853, port);
        Assert.True(m.ValidateMessageIntegrity(s_password));
        Assert.True(m.ValidateFingerprint());
    }

    [Fact]
    public void Ipv4ResponseIsRebuiltByteForByte()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, s_transactionId) { PaddingByte = 0x20 };
        w.AddSoftware("test vector"u8);
        w.AddXorMappedAddress(System.Net.IPAddress.Parse("192.0.2.1"), 32853);
        w.AddMessageIntegrity(s_password);
        w.AddFingerprint();
        Assert.Equal(Convert.ToHexString(s_ipv4Response), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void Ipv6ResponseDecodesTheMappedAddressAndVerifies()
    {
        Assert.True(StunMessageReader.TryParse(s_ipv6Response, out var m, out _));
        Span<byte> address = stackalloc byte[16];
        Assert.True(m.TryGetXorMappedAddress(address, out var family, out var length, out var port));
        Assert.Equal(StunAddressFamily.IPv6, family);
        Assert.Equal(System.Net.IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), new System.Net.IPAddress(address[..length]));
        Assert.Equal(32853, port);
        Assert.True(m.ValidateMessageIntegrity(s_password));
        Assert.True(m.ValidateFingerprint());
    }

    [Fact]
    public void Ipv6ResponseIsRebuiltByteForByte()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, s_transactionId) { PaddingByte = 0x20 };
        w.AddSoftware("test vector"u8);
        w.AddXorMappedAddress(System.Net.IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        w.AddMessageIntegrity(s_password);
        w.AddFingerprint();
        Assert.Equal(Convert.ToHexString(s_ipv6Response), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void LongTermRequestVerifiesWithTheMd5Key()
    {
        Assert.True(StunMessageReader.TryParse(s_longTermRequest, out var m, out var reason), reason.ToString());
        Assert.False(m.HasFingerprint);
        Assert.True(m.TryGetUsername(out var user));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(user));
        Assert.True(m.TryGetAttribute(StunAttributeType.Realm, out var realm));
        Assert.True(m.TryGetAttribute(StunAttributeType.Nonce, out var nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        // The password "The<U+00AD>M<U+00AA>tr<U+2168>" after SASLprep is "TheMatrIX" (RFC 5769 §2.4).
        Span<byte> key = stackalloc byte[16];
        StunIntegrity.ComputeLongTermKey(user, realm, "TheMatrIX"u8, key);
        Assert.True(m.ValidateMessageIntegrity(key));
        Assert.False(m.ValidateMessageIntegrity(s_password));
        Assert.False(m.ValidateFingerprint());
    }

    [Fact]
    public void FlippingAnyCoveredByteBreaksIntegrityOrFingerprint()
    {
        for (var i = 0; i < SampleRequest.Length; i++)
        {
            var copy = (byte[])SampleRequest.Clone();
            copy[i] ^= 0x01;
            if (!StunMessageReader.TryParse(copy, out var m, out var reason))
            {
                Assert.NotEqual(PacketDropReason.None, reason);
                continue;
            }
            Assert.False(m.ValidateMessageIntegrity(s_password) && m.ValidateFingerprint(), $"byte {i}");
        }
    }
}
