using System.Net;
using CsCheck;
using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Transport.Demux;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests.Ice;

public class IceLiteAgentTests
{
    private static readonly IceCredentials Local = new("srvUfrag", "serverpassword0123456789");
    private static readonly SocketAddressKey PeerA = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("192.0.2.10:40000"));
    private static readonly SocketAddressKey PeerB = SocketAddressKey.FromEndPoint(IPEndPoint.Parse("[2001:db8::2]:40001"));
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];

    private static byte[] Valid(bool useCandidate = false, IceCredentials? local = null) =>
        StunRequests.Binding((local ?? Local).Ufrag + ":peer", (local ?? Local).Password, useCandidate);

    private (IceCheckResult Result, int Length, PacketDropReason Reason) Handle(IceLiteAgent agent, byte[] request, SocketAddressKey source, long now = 0)
    {
        var result = agent.HandleStun(now, request, source, _response, out var length, out var reason);
        return (result, length, reason);
    }

    private int ErrorCode(int length)
    {
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, length), out var reader, out _));
        Assert.Equal(StunClass.ErrorResponse, reader.Class);
        Assert.True(reader.TryGetErrorCode(out var code, out _));
        return code;
    }

    [Fact]
    public void Success_response_carries_the_source_as_xor_mapped_address_for_ipv4_and_ipv6()
    {
        var agent = new IceLiteAgent(Local, 0);
        foreach (var peer in new[] { PeerA, PeerB })
        {
            var (result, length, _) = Handle(agent, Valid(), peer);
            Assert.Equal(IceCheckResult.Success, result);
            Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, length), out var reader, out _));
            Assert.Equal(StunClass.SuccessResponse, reader.Class);
            Assert.True(reader.ValidateMessageIntegrity(Local.PasswordBytes));
            Assert.True(reader.ValidateFingerprint());
            var address = new byte[16];
            Assert.True(reader.TryGetXorMappedAddress(address, out _, out var addressLength, out var port));
            Assert.Equal(peer.Port, port);
            var expected = new byte[16];
            Assert.Equal(expected[..peer.WriteAddressBytes(expected)], address[..addressLength]);
        }
    }

    [Fact]
    public void Unknown_ufrag_gets_401_without_integrity_and_creates_no_state()
    {
        var agent = new IceLiteAgent(Local, 0);
        var (result, length, reason) = Handle(agent, StunRequests.Binding("otherUfr:peer", Local.Password), PeerA);
        Assert.Equal(IceCheckResult.Error, result);
        Assert.Equal(PacketDropReason.AuthFailed, reason);
        Assert.Equal(401, ErrorCode(length));
        Assert.Equal(0, agent.ValidatedCount);
        Assert.False(agent.TryPollEvent(out _));
    }

    [Fact]
    public void Missing_username_or_integrity_gets_400()
    {
        var agent = new IceLiteAgent(Local, 0);
        var (_, length, _) = Handle(agent, StunRequests.Binding(Local.Ufrag + ":p", Local.Password, integrity: false), PeerA);
        Assert.Equal(400, ErrorCode(length));
        Assert.Equal(0, agent.ValidatedCount);
    }

    [Fact]
    public void Missing_priority_gets_an_authenticated_400()
    {
        var agent = new IceLiteAgent(Local, 0);
        var (result, length, _) = Handle(agent, StunRequests.Binding(Local.Ufrag + ":p", Local.Password, priority: false), PeerA);
        Assert.Equal(IceCheckResult.Error, result);
        Assert.Equal(400, ErrorCode(length));
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, length), out var reader, out _));
        Assert.True(reader.ValidateMessageIntegrity(Local.PasswordBytes));
        Assert.Equal(0, agent.ValidatedCount);
    }

    [Fact]
    public void Ice_controlled_peer_gets_487_role_conflict()
    {
        var agent = new IceLiteAgent(Local, 0);
        var request = StunRequests.Binding(Local.Ufrag + ":p", Local.Password, controlling: false, controlled: true);
        var (result, length, _) = Handle(agent, request, PeerA);
        Assert.Equal(IceCheckResult.Error, result);
        Assert.Equal(487, ErrorCode(length));
        Assert.InRange(length, 1, request.Length);
        Assert.Equal(0, agent.ValidatedCount);
    }

    [Fact]
    public void Unknown_comprehension_required_attribute_gets_420()
    {
        var agent = new IceLiteAgent(Local, 0);
        var request = StunRequests.Binding(Local.Ufrag + ":p", Local.Password, extraAttribute: 0x0031);
        var (_, length, _) = Handle(agent, request, PeerA);
        Assert.Equal(420, ErrorCode(length));
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, length), out var reader, out _));
        Span<ushort> unknown = stackalloc ushort[4];
        Assert.Equal(1, reader.GetUnknownAttributes(unknown));
        Assert.Equal(0x0031, unknown[0]);
    }

    [Fact]
    public void Bad_fingerprint_responses_and_indications_are_dropped_silently()
    {
        var agent = new IceLiteAgent(Local, 0);
        var request = Valid();
        request[^1] ^= 1;
        Assert.Equal((IceCheckResult.Dropped, 0, PacketDropReason.Malformed), Handle(agent, request, PeerA));
        var indication = Valid();
        indication[1] = 0x11; // Binding indication
        Assert.Equal(IceCheckResult.Dropped, Handle(agent, indication, PeerA).Result);
        var success = Valid();
        success[0] = 0x01;
        success[1] = 0x01;
        Assert.Equal(IceCheckResult.Dropped, Handle(agent, success, PeerA).Result);
        Assert.Equal(0, agent.ValidatedCount);
    }

    [Fact]
    public void Nomination_moves_the_selected_pair_and_an_unnominated_check_does_not_move_it_back()
    {
        var agent = new IceLiteAgent(Local, 0);
        Handle(agent, Valid(), PeerA);
        Assert.Equal(PeerA, agent.SelectedAddress);
        Handle(agent, Valid(useCandidate: true), PeerA);
        Assert.True(agent.IsNominated);
        Handle(agent, Valid(), PeerB);
        Assert.Equal(PeerA, agent.SelectedAddress); // validated, not nominated
        Assert.True(agent.IsValidated(PeerB));
        Handle(agent, Valid(useCandidate: true), PeerB);
        Assert.Equal(PeerB, agent.SelectedAddress); // renomination: the newest nominated pair wins
    }

    [Fact]
    public void Consent_expires_after_thirty_seconds_without_a_valid_request()
    {
        var agent = new IceLiteAgent(Local, 0);
        Handle(agent, Valid(), PeerA, now: 1_000);
        Assert.Equal(31_000, agent.ConsentDeadlineMs);
        Assert.Equal(31_000, agent.HandleTimeout(30_999));
        Assert.Equal(IceState.Connected, agent.State);
        Handle(agent, Valid(), PeerA, now: 20_000);
        Assert.Equal(50_000, agent.HandleTimeout(31_000));
        // A failed check does not refresh consent.
        Handle(agent, StunRequests.Binding(Local.Ufrag + ":p", "bad-password-bad-password"), PeerA, now: 45_000);
        Assert.Equal(long.MaxValue, agent.HandleTimeout(50_000));
        Assert.Equal(IceState.Failed, agent.State);
        Assert.Equal(IceCheckResult.Dropped, Handle(agent, Valid(), PeerA, now: 50_001).Result);
    }

    [Fact]
    public void Consent_timeout_is_configurable_and_applies_before_any_request()
    {
        var agent = new IceLiteAgent(Local, 100, TimeSpan.FromSeconds(5));
        Assert.Equal(5_100, agent.HandleTimeout(5_099));
        agent.HandleTimeout(5_100);
        Assert.Equal(IceState.Failed, agent.State);
    }

    [Fact]
    public void Ice_restart_keeps_old_credentials_until_the_first_request_with_the_new_ones()
    {
        var agent = new IceLiteAgent(Local, 0);
        Handle(agent, Valid(), PeerA);
        while (agent.TryPollEvent(out _)) { }
        var fresh = new IceCredentials("newUfrag", "newpassword0123456789abc");
        agent.Restart(fresh);
        Assert.Equal(IceCheckResult.Success, Handle(agent, Valid(), PeerA).Result); // old still works
        Assert.Equal(IceCheckResult.Success, Handle(agent, Valid(local: fresh), PeerA).Result);
        var retired = new List<string?>();
        while (agent.TryPollEvent(out var e)) if (e.Kind == IceEventKind.CredentialsRetired) retired.Add(e.Ufrag);
        Assert.Equal([Local.Ufrag], retired);
        var (result, length, _) = Handle(agent, Valid(), PeerA);
        Assert.Equal(IceCheckResult.Error, result);
        Assert.Equal(401, ErrorCode(length));
    }

    [Fact]
    public void At_most_eight_addresses_are_remembered_and_the_selected_one_is_kept()
    {
        var agent = new IceLiteAgent(Local, 0);
        Handle(agent, Valid(useCandidate: true), PeerA, now: 0);
        for (var i = 0; i < 20; i++)
            Handle(agent, Valid(), SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 10_000 + i)), now: i + 1);
        Assert.Equal(IceLiteAgent.MaxValidatedAddresses, agent.ValidatedCount);
        Assert.True(agent.IsValidated(PeerA));
        Assert.Equal(PeerA, agent.SelectedAddress);
        Assert.True(agent.IsValidated(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 10_019))));
        Assert.False(agent.IsValidated(SocketAddressKey.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 10_000))));
    }

    [Fact]
    public void Mutated_captured_requests_never_throw_and_no_reply_is_larger_than_its_request()
    {
        var capture = Capture.Load(Fixtures.Files("capture", "*.json")[0]);
        var seeds = capture.Hex("stun_binding_requests");
        var credentials = new IceCredentials(capture.ServerUfrag, capture.ServerPassword);
        var gen = Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Int[0, 3], Gen.Int[0, 200], Gen.Byte, Gen.Int[0, 120]);
        var response = new byte[IceLiteAgent.MaxResponseLength];
        gen.Sample((seed, op, position, value, cut) =>
        {
            var request = seeds[seed].ToArray();
            switch (op)
            {
                case 0: request[position % request.Length] ^= (byte)(value | 1); break;
                case 1: request = request[..(cut % request.Length)]; break;
                case 2: request = [.. request, .. new byte[cut % 40]]; break;
                default:
                    request[position % request.Length] = value;
                    request[(position * 7) % request.Length] ^= value;
                    break;
            }
            var agent = new IceLiteAgent(credentials, 0);
            var result = agent.HandleStun(0, request, PeerA, response, out var length, out _);
            if (result == IceCheckResult.Dropped) return length == 0 && agent.ValidatedCount == 0;
            if (result == IceCheckResult.Error) return length <= request.Length && agent.ValidatedCount == 0;
            return true; // still a valid request (e.g. a flipped padding byte of an optional attribute is caught by MI)
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Random_datagrams_never_throw_never_validate_and_never_amplify()
    {
        var agent = new IceLiteAgent(Local, 0);
        var response = new byte[IceLiteAgent.MaxResponseLength];
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var result = agent.HandleStun(0, bytes, PeerA, response, out var length, out _);
            return result != IceCheckResult.Success && length <= bytes.Length && agent.ValidatedCount == 0;
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Answering_a_valid_check_allocates_nothing()
    {
        var agent = new IceLiteAgent(Local, 0);
        var request = Valid(useCandidate: true);
        var response = new byte[IceLiteAgent.MaxResponseLength];
        long now = 0;
        Assert.Equal(0, Allocation.Measure(10_000, () =>
        {
            agent.HandleStun(++now, request, PeerA, response, out _, out _);
            while (agent.TryPollEvent(out _)) { }
        }));
        Assert.Equal(IceState.Connected, agent.State);
    }
}
