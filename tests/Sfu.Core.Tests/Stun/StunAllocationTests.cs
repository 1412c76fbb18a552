using System.Text;
using Sfu.Core.Stun;
using Sfu.Core.Tests.Captures;

namespace Sfu.Core.Tests.Stun;

/// <summary>The STUN paths an ICE-lite agent runs per request allocate nothing.</summary>
public class StunAllocationTests
{
    [Fact]
    public void ParseVerifyAndAnswerAllocateNothing()
    {
        var capture = Capture.All[0];
        var request = Convert.FromHexString(capture.Array("stun_binding_requests").First().GetProperty("hex").GetString()!);
        var key = Encoding.UTF8.GetBytes(capture.ServerPassword);
        var response = new byte[256];
        var address = new byte[] { 192, 0, 2, 2 };
        var ok = true;

        var bytes = Allocation.Measure(10_000, () =>
        {
            ok &= StunMessageReader.TryParse(request, out var m, out _);
            ok &= m.ValidateMessageIntegrity(key);
            ok &= m.ValidateFingerprint();
            ok &= m.TryGetUsername(out _) && m.TryGetPriority(out _) && m.TryGetIceControlling(out _);
            var w = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, m.TransactionId);
            w.AddXorMappedAddress(address, 50000);
            w.AddMessageIntegrity(key);
            w.AddFingerprint();
        });

        Assert.True(ok);
        Assert.Equal(0, bytes);
    }
}
