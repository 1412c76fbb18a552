using Sfu.Core.Diagnostics;
using Sfu.Core.Stun;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Ice;

/// <summary>
/// The server's side of ICE for one session, as an ICE-lite agent in the controlled role: it answers
/// Binding requests, never sends any. Sans-IO: time is passed in, responses are written into the caller's
/// buffer, and what the owner must do (route an address, close) comes out as <see cref="IceEvent"/>s.
/// </summary>
/// <remarks>
/// <para>Checks on each request, in order (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3):</para>
/// <list type="number">
/// <item>Not a parseable STUN message, or a bad FINGERPRINT: drop silently (it may not be STUN at all).</item>
/// <item>Not a Binding request: drop (a lite agent sends no requests, so expects no responses; indications are keep-alives).</item>
/// <item>No USERNAME or no MESSAGE-INTEGRITY: 400. USERNAME's local part is not a current local ufrag: 401.
/// MESSAGE-INTEGRITY does not verify with the local password: 401. These create no state.</item>
/// <item>An unknown comprehension-required attribute: 420. No PRIORITY: 400 (RFC 8445 §7.1.1 requires it).</item>
/// <item>ICE-CONTROLLED in the request: both sides think they are controlled; a lite agent cannot switch roles,
/// so 487 (RFC 8445 §7.3.1.1).</item>
/// <item>Otherwise: success with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT; the source is validated,
/// consent is refreshed, and USE-CANDIDATE nominates the pair.</item>
/// </list>
/// <para>Error responses are never larger than the request (no amplification, security.md I1): the reason
/// phrase and then FINGERPRINT are left out when needed, and a request too small for any error gets none.</para>
/// <para>Nomination is not required to validate: Chromium's first request carries no USE-CANDIDATE and media
/// follows it. Until a nomination arrives the most recently validated address is the selected one; a
/// nominated address stays selected until another one is nominated.</para>
/// <para>ICE restart (RFC 8445 §9): <see cref="Restart"/> installs new local credentials; the old ones keep
/// working until the first valid request that uses the new ones, then they are retired.</para>
/// <para>Consent freshness (RFC 7675 §5.1): no valid request for the consent timeout (30 s by default) fails
/// the agent. Single-threaded (the owning shard's).</para>
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>At most this many validated addresses are remembered; the oldest non-selected one goes first (mediasoup MaxTuples).</summary>
    public const int MaxValidatedAddresses = 8;

    /// <summary>A buffer this large holds any response the agent writes.</summary>
    public const int MaxResponseLength = 128;

    private const int MaxEvents = 32;
    private static ReadOnlySpan<byte> BadRequestPhrase => "Bad Request"u8;
    private static ReadOnlySpan<byte> UnauthorizedPhrase => "Unauthorized"u8;
    private static ReadOnlySpan<byte> RoleConflictPhrase => "Role Conflict"u8;
    private static ReadOnlySpan<byte> UnknownAttributePhrase => "Unknown Attribute"u8;

    private readonly SocketAddressKey[] _validated = new SocketAddressKey[MaxValidatedAddresses];
    private readonly long[] _validatedAtMs = new long[MaxValidatedAddresses];
    private int _validatedCount;
    private readonly IceEvent[] _events = new IceEvent[MaxEvents];
    private int _eventHead;
    private int _eventCount;
    private readonly long _consentTimeoutMs;
    private IceCredentials _local;
    private IceCredentials? _previousLocal;
    private long _lastConsentMs;
    private bool _nominated;

    /// <summary>Creates an agent with local credentials; the consent clock starts at <paramref name="nowMs"/>.</summary>
    public IceLiteAgent(IceCredentials local, long nowMs, TimeSpan? consentTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        _local = local;
        _lastConsentMs = nowMs;
        _consentTimeoutMs = (long)(consentTimeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
    }

    /// <summary>Current local credentials (what the answer's a=ice-ufrag/a=ice-pwd carry).</summary>
    public IceCredentials LocalCredentials => _local;

    /// <summary>The credentials an unfinished restart replaces (still accepted), or null.</summary>
    public IceCredentials? PreviousLocalCredentials => _previousLocal;

    /// <summary>The peer's credentials from its SDP, when known (informational: a lite agent authenticates with its own password).</summary>
    public IceCredentials? RemoteCredentials { get; private set; }

    /// <summary>The state.</summary>
    public IceState State { get; private set; } = IceState.New;

    /// <summary>Where media goes: the nominated address, else the most recently validated one; empty before any.</summary>
    public SocketAddressKey SelectedAddress { get; private set; }

    /// <summary>True once the peer nominated <see cref="SelectedAddress"/> with USE-CANDIDATE.</summary>
    public bool IsNominated => _nominated;

    /// <summary>Number of validated addresses.</summary>
    public int ValidatedCount => _validatedCount;

    /// <summary>When consent runs out unless refreshed; the owner schedules a timer for it.</summary>
    public long ConsentDeadlineMs => _lastConsentMs + _consentTimeoutMs;

    /// <summary>The time of the last authenticated request (or creation).</summary>
    public long LastConsentMs => _lastConsentMs;

    /// <summary>Records the peer's credentials (from the offer).</summary>
    public void SetRemoteCredentials(IceCredentials remote) => RemoteCredentials = remote ?? throw new ArgumentNullException(nameof(remote));

    /// <summary>True when <paramref name="address"/> sent an authenticated request (DTLS, SRTP may be accepted from it).</summary>
    public bool IsValidated(in SocketAddressKey address)
    {
        for (var i = 0; i < _validatedCount; i++)
            if (_validated[i] == address) return true;
        return false;
    }

    /// <summary>
    /// Handles one STUN datagram from <paramref name="source"/>. On <see cref="IceCheckResult.Success"/> or
    /// <see cref="IceCheckResult.Error"/>, <paramref name="response"/> holds <paramref name="responseLength"/>
    /// bytes to send back to <paramref name="source"/>. Never throws on any input.
    /// </summary>
    public IceCheckResult HandleStun(long nowMs, ReadOnlySpan<byte> datagram, in SocketAddressKey source, Span<byte> response,
        out int responseLength, out PacketDropReason dropReason)
    {
        responseLength = 0;
        if (State is IceState.Closed or IceState.Failed)
        {
            dropReason = PacketDropReason.NotValidated;
            return IceCheckResult.Dropped;
        }
        if (response.Length < MaxResponseLength) throw new ArgumentException($"The response buffer must hold {MaxResponseLength} bytes.", nameof(response));
        if (!StunMessageReader.TryParse(datagram, out var request, out dropReason)) return IceCheckResult.Dropped;
        if (request.HasFingerprint && !request.ValidateFingerprint())
        {
            dropReason = PacketDropReason.Malformed;
            return IceCheckResult.Dropped;
        }
        if (request.Method != StunMethod.Binding || request.Class != StunClass.Request)
        {
            dropReason = PacketDropReason.UnsupportedKind;
            return IceCheckResult.Dropped;
        }

        if (!request.TryGetUsername(out var username) || !request.HasMessageIntegrity)
            return Reject(request, 400, BadRequestPhrase, response, out responseLength, out dropReason, PacketDropReason.Malformed);

        var credentials = MatchLocalUfrag(username);
        if (credentials is null || !request.ValidateMessageIntegrity(credentials.PasswordBytes))
            return Reject(request, 401, UnauthorizedPhrase, response, out responseLength, out dropReason, PacketDropReason.AuthFailed);

        Span<ushort> unknown = stackalloc ushort[8];
        var unknownCount = request.GetUnknownComprehensionRequired(unknown);
        if (unknownCount > 0)
            return Reject(request, 420, UnknownAttributePhrase, response, out responseLength, out dropReason, PacketDropReason.Malformed, credentials, unknown[..unknownCount]);
        if (!request.TryGetPriority(out _))
            return Reject(request, 400, BadRequestPhrase, response, out responseLength, out dropReason, PacketDropReason.Malformed, credentials);
        if (request.TryGetIceControlled(out _))
            return Reject(request, 487, RoleConflictPhrase, response, out responseLength, out dropReason, PacketDropReason.Malformed, credentials);

        // Authenticated: now, and only now, state changes.
        if (_previousLocal is not null && ReferenceEquals(credentials, _local))
        {
            var retired = _previousLocal;
            _previousLocal = null;
            Emit(new IceEvent(IceEventKind.CredentialsRetired, default, State, retired.Ufrag));
        }
        _lastConsentMs = nowMs;
        Validate(source, nowMs);
        if (request.HasUseCandidate)
        {
            if (!_nominated || SelectedAddress != source) Select(source, nominated: true);
        }
        else if (!_nominated && SelectedAddress != source)
        {
            Select(source, nominated: false);
        }
        if (State == IceState.New) SetState(IceState.Connected);

        responseLength = WriteSuccess(request, source, credentials, response);
        dropReason = PacketDropReason.None;
        return IceCheckResult.Success;
    }

    /// <summary>Fails the agent when consent ran out. Returns the next deadline to wake at (long.MaxValue when done).</summary>
    public long HandleTimeout(long nowMs)
    {
        if (State is IceState.Failed or IceState.Closed) return long.MaxValue;
        if (nowMs >= ConsentDeadlineMs)
        {
            SetState(IceState.Failed);
            return long.MaxValue;
        }
        return ConsentDeadlineMs;
    }

    /// <summary>
    /// ICE restart: installs <paramref name="newLocal"/>. The current credentials stay valid until the first
    /// authenticated request with the new ones (then a <see cref="IceEventKind.CredentialsRetired"/> event).
    /// </summary>
    public void Restart(IceCredentials newLocal, IceCredentials? newRemote = null)
    {
        ArgumentNullException.ThrowIfNull(newLocal);
        if (_previousLocal is not null) Emit(new IceEvent(IceEventKind.CredentialsRetired, default, State, _previousLocal.Ufrag));
        _previousLocal = _local;
        _local = newLocal;
        if (newRemote is not null) RemoteCredentials = newRemote;
    }

    /// <summary>Closes the agent: every later datagram is dropped.</summary>
    public void Close()
    {
        if (State != IceState.Closed) SetState(IceState.Closed);
    }

    /// <summary>Takes the next event. Drain after every call that may change state (str0m's rule).</summary>
    public bool TryPollEvent(out IceEvent iceEvent)
    {
        if (_eventCount == 0)
        {
            iceEvent = default;
            return false;
        }
        iceEvent = _events[_eventHead];
        _events[_eventHead] = default;
        _eventHead = (_eventHead + 1) % MaxEvents;
        _eventCount--;
        return true;
    }

    private IceCredentials? MatchLocalUfrag(ReadOnlySpan<byte> username)
    {
        var colon = username.IndexOf((byte)':');
        var local = colon >= 0 ? username[..colon] : username;
        if (local.SequenceEqual(_local.UfragBytes)) return _local;
        if (_previousLocal is not null && local.SequenceEqual(_previousLocal.UfragBytes)) return _previousLocal;
        return null;
    }

    private void Validate(in SocketAddressKey source, long nowMs)
    {
        for (var i = 0; i < _validatedCount; i++)
        {
            if (_validated[i] != source) continue;
            _validatedAtMs[i] = nowMs;
            return;
        }
        if (_validatedCount == MaxValidatedAddresses)
        {
            // Forget the least recently refreshed address that is not the selected one.
            var victim = -1;
            for (var i = 0; i < _validatedCount; i++)
                if (_validated[i] != SelectedAddress && (victim < 0 || _validatedAtMs[i] < _validatedAtMs[victim])) victim = i;
            var removed = _validated[victim];
            _validated[victim] = _validated[_validatedCount - 1];
            _validatedAtMs[victim] = _validatedAtMs[_validatedCount - 1];
            _validatedCount--;
            Emit(new IceEvent(IceEventKind.AddressRemoved, removed, State, null));
        }
        _validated[_validatedCount] = source;
        _validatedAtMs[_validatedCount] = nowMs;
        _validatedCount++;
        Emit(new IceEvent(IceEventKind.AddressValidated, source, State, null));
    }

    private void Select(in SocketAddressKey address, bool nominated)
    {
        _nominated |= nominated;
        if (SelectedAddress == address) return;
        SelectedAddress = address;
        Emit(new IceEvent(IceEventKind.SelectedAddressChanged, address, State, null));
    }

    private void SetState(IceState state)
    {
        State = state;
        Emit(new IceEvent(IceEventKind.StateChanged, SelectedAddress, state, null));
    }

    private void Emit(in IceEvent iceEvent)
    {
        if (_eventCount == MaxEvents)
        {
            // The owner did not drain; keep the newest (state changes matter more than old validations).
            _eventHead = (_eventHead + 1) % MaxEvents;
            _eventCount--;
        }
        _events[(_eventHead + _eventCount) % MaxEvents] = iceEvent;
        _eventCount++;
    }

    private static int WriteSuccess(in StunMessageReader request, in SocketAddressKey source, IceCredentials credentials, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        Span<byte> address = stackalloc byte[16];
        var length = source.WriteAddressBytes(address);
        writer.AddXorMappedAddress(address[..length], source.Port);
        writer.AddMessageIntegrity(credentials.PasswordBytes);
        writer.AddFingerprint();
        return writer.Length;
    }

    private static IceCheckResult Reject(in StunMessageReader request, int code, ReadOnlySpan<byte> phrase, Span<byte> response,
        out int responseLength, out PacketDropReason dropReason, PacketDropReason reason, IceCredentials? credentials = null,
        ReadOnlySpan<ushort> unknownAttributes = default)
    {
        dropReason = reason;
        var limit = request.Message.Length;
        // Try the full response, then without the phrase, then without FINGERPRINT.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var withPhrase = attempt == 0;
            var withFingerprint = attempt < 2;
            var needed = StunMessageReader.HeaderLength
                + Attribute(4 + (withPhrase ? phrase.Length : 0))
                + (unknownAttributes.IsEmpty ? 0 : Attribute(2 * unknownAttributes.Length))
                + (credentials is null ? 0 : Attribute(20))
                + (withFingerprint ? Attribute(4) : 0);
            if (needed > limit || needed > response.Length) continue;
            var writer = new StunMessageWriter(response, StunMessageType.BindingErrorResponse, request.TransactionId);
            writer.AddErrorCode(code, withPhrase ? phrase : []);
            if (!unknownAttributes.IsEmpty) writer.AddUnknownAttributes(unknownAttributes);
            // RFC 8489 §9.1.3: an error to a request that failed authentication carries no integrity.
            if (credentials is not null) writer.AddMessageIntegrity(credentials.PasswordBytes);
            if (withFingerprint) writer.AddFingerprint();
            responseLength = writer.Length;
            return IceCheckResult.Error;
        }
        responseLength = 0;
        return IceCheckResult.Dropped;
    }

    private static int Attribute(int valueLength) => 4 + ((valueLength + 3) & ~3);
}
