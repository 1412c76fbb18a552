using System.Net;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Transport.Demux;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests.Ice;

/// <summary>The agent against the Binding requests Chromium 156 really sent (shared/fixtures/capture).</summary>
public class IceLiteAgentCaptureTests
{
    public static TheoryData<string> CaptureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Fixtures.Files("capture", "*.json")) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(CaptureFiles))]
    public void Every_captured_request_is_answered_with_the_bytes_the_capture_server_sent(string file)
    {
        var capture = Capture.Load(Fixtures.Path("capture/" + file));
        var agent = new IceLiteAgent(new IceCredentials(capture.ServerUfrag, capture.ServerPassword), 0);
        var source = SocketAddressKey.FromEndPoint(IPEndPoint.Parse(capture.ChromiumEndpoint));
        var requests = capture.Hex("stun_binding_requests");
        var expected = capture.Hex("stun_binding_responses_sent");
        Assert.Equal(requests.Count, expected.Count);
        var response = new byte[IceLiteAgent.MaxResponseLength];
        for (var i = 0; i < requests.Count; i++)
        {
            var result = agent.HandleStun(i * 1000, requests[i], source, response, out var length, out var reason);
            Assert.Equal(IceCheckResult.Success, result);
            Assert.Equal(PacketDropReason.None, reason);
            // XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY (server password), FINGERPRINT: deterministic, so byte-equal.
            Assert.Equal(Convert.ToHexString(expected[i]), Convert.ToHexString(response, 0, length));
        }
        Assert.Equal(IceState.Connected, agent.State);
        Assert.Equal(source, agent.SelectedAddress);
        Assert.True(agent.IsNominated); // every request after the first carries USE-CANDIDATE
        Assert.True(agent.IsValidated(source));
    }

    [Theory]
    [MemberData(nameof(CaptureFiles))]
    public void First_request_without_use_candidate_already_validates_and_selects(string file)
    {
        var capture = Capture.Load(Fixtures.Path("capture/" + file));
        var first = capture.Items("stun_binding_requests")[0];
        Assert.False(first.GetProperty("use_candidate").GetBoolean());
        var agent = new IceLiteAgent(new IceCredentials(capture.ServerUfrag, capture.ServerPassword), 0);
        var source = SocketAddressKey.FromEndPoint(IPEndPoint.Parse(capture.ChromiumEndpoint));
        var response = new byte[IceLiteAgent.MaxResponseLength];
        Assert.Equal(IceCheckResult.Success, agent.HandleStun(0, capture.Hex("stun_binding_requests")[0], source, response, out _, out _));
        Assert.True(agent.IsValidated(source));
        Assert.False(agent.IsNominated);
        Assert.Equal(source, agent.SelectedAddress);
        var kinds = new List<IceEventKind>();
        while (agent.TryPollEvent(out var e)) kinds.Add(e.Kind);
        Assert.Equal([IceEventKind.AddressValidated, IceEventKind.SelectedAddressChanged, IceEventKind.StateChanged], kinds);
    }

    [Theory]
    [MemberData(nameof(CaptureFiles))]
    public void Captured_request_with_the_wrong_password_gets_a_401_no_larger_than_the_request_and_no_state(string file)
    {
        var capture = Capture.Load(Fixtures.Path("capture/" + file));
        var agent = new IceLiteAgent(new IceCredentials(capture.ServerUfrag, "wrongpasswordwrongpassword"), 0);
        var source = SocketAddressKey.FromEndPoint(IPEndPoint.Parse(capture.ChromiumEndpoint));
        var response = new byte[IceLiteAgent.MaxResponseLength];
        foreach (var request in capture.Hex("stun_binding_requests"))
        {
            Assert.Equal(IceCheckResult.Error, agent.HandleStun(0, request, source, response, out var length, out var reason));
            Assert.Equal(PacketDropReason.AuthFailed, reason);
            Assert.InRange(length, 20, request.Length);
            Assert.True(StunMessageReader.TryParse(response.AsSpan(0, length), out var reader, out _));
            Assert.Equal(StunClass.ErrorResponse, reader.Class);
            Assert.True(reader.TryGetErrorCode(out var code, out _));
            Assert.Equal(401, code);
            Assert.False(reader.HasMessageIntegrity);
            Assert.True(reader.TransactionId.SequenceEqual(request.AsSpan(8, 12)));
        }
        Assert.Equal(IceState.New, agent.State);
        Assert.Equal(0, agent.ValidatedCount);
        Assert.False(agent.TryPollEvent(out _));
    }
}
