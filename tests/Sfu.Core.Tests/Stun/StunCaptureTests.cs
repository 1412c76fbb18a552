using System.Text;
using Sfu.Core.Stun;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Stun;

/// <summary>Every Binding request Chromium sent (capture fixtures) parses and verifies with the recorded server password.</summary>
public class StunCaptureTests
{
    public static TheoryData<string> Captures => Capture.Names;

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryChromiumRequestVerifiesWithTheServerPassword(string name)
    {
        var capture = Capture.Get(name);
        var key = Encoding.UTF8.GetBytes(capture.ServerPassword);
        var expectedUser = capture.Root.GetProperty("ice").GetProperty("stun_username_in_requests").GetString();
        var count = 0;
        Span<ushort> unknown = stackalloc ushort[8];
        foreach (var request in capture.Array("stun_binding_requests"))
        {
            var bytes = Convert.FromHexString(request.GetProperty("hex").GetString()!);
            Assert.True(StunMessageReader.IsStunMessage(bytes));
            Assert.True(StunMessageReader.TryParse(bytes, out var m, out var reason), reason.ToString());
            Assert.Equal(StunMessageType.BindingRequest, m.MessageType);
            Assert.Equal(request.GetProperty("transaction_id").GetString(), Convert.ToHexString(m.TransactionId), ignoreCase: true);
            Assert.True(m.ValidateMessageIntegrity(key));
            Assert.True(m.ValidateFingerprint());
            Assert.True(m.TryGetUsername(out var user));
            Assert.Equal(expectedUser, Encoding.UTF8.GetString(user));
            Assert.Equal(request.GetProperty("use_candidate").GetBoolean(), m.HasUseCandidate);
            Assert.True(m.TryGetPriority(out _));
            Assert.True(m.TryGetIceControlling(out _));
            // GOOG-NETWORK-INFO (0xC057) is comprehension-optional: no 420 for it.
            Assert.True(m.TryGetAttribute(StunAttributeType.GoogNetworkInfo, out _));
            Assert.Equal(0, m.GetUnknownComprehensionRequired(unknown));
            Assert.False(m.ValidateMessageIntegrity("wrong-password"u8));
            count++;
        }
        Assert.True(count > 0);
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryServerResponseIsReproducedByTheWriter(string name)
    {
        var capture = Capture.Get(name);
        var key = Encoding.UTF8.GetBytes(capture.ServerPassword);
        Span<byte> address = stackalloc byte[16];
        foreach (var response in capture.Array("stun_binding_responses_sent"))
        {
            var bytes = Convert.FromHexString(response.GetProperty("hex").GetString()!);
            Assert.True(StunMessageReader.TryParse(bytes, out var m, out var reason), reason.ToString());
            Assert.True(m.ValidateMessageIntegrity(key));
            Assert.True(m.ValidateFingerprint());
            Assert.True(m.TryGetXorMappedAddress(address, out _, out var length, out var port));

            var buffer = new byte[bytes.Length + 64];
            var w = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, m.TransactionId);
            w.AddXorMappedAddress(address[..length], port);
            w.AddMessageIntegrity(key);
            w.AddFingerprint();
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(w.Written));
        }
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryChromiumRequestIsRebuiltByteForByteByTheWriter(string name)
    {
        var capture = Capture.Get(name);
        var key = Encoding.UTF8.GetBytes(capture.ServerPassword);
        foreach (var request in capture.Array("stun_binding_requests"))
        {
            var bytes = Convert.FromHexString(request.GetProperty("hex").GetString()!);
            Assert.True(StunMessageReader.TryParse(bytes, out var m, out _));
            var buffer = new byte[bytes.Length];
            var w = new StunMessageWriter(buffer, m.MessageType, m.TransactionId);
            foreach (var attribute in m.GetAttributes())
            {
                switch ((StunAttributeType)attribute.Type)
                {
                    case StunAttributeType.MessageIntegrity:
                        w.AddMessageIntegrity(key);
                        break;
                    case StunAttributeType.Fingerprint:
                        w.AddFingerprint();
                        break;
                    default:
                        w.AddAttribute((StunAttributeType)attribute.Type, attribute.Value);
                        break;
                }
            }
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(w.Written));
        }
    }
}
