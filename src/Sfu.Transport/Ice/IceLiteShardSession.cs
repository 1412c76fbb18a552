using Sfu.Core.Diagnostics;
using Sfu.Transport.Demux;
using Sfu.Transport.Sharding;

namespace Sfu.Transport.Ice;

/// <summary>
/// A shard session that runs an <see cref="IceLiteAgent"/>: it answers STUN, binds validated addresses in
/// the shard's table, keeps the consent timer, and closes itself when consent fails. Everything else from a
/// validated address goes to <see cref="OnValidatedDatagram"/>, which the DTLS/SRTP layers override; from any
/// other address it is dropped without a reply.
/// </summary>
public class IceLiteShardSession : IShardSession
{
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];
    private Shard? _shard;

    /// <summary>Creates the session with its local credentials (the answer's a=ice-ufrag/a=ice-pwd).</summary>
    public IceLiteShardSession(IceCredentials local, TimeSpan? consentTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        Local = local;
        ConsentTimeout = consentTimeout;
    }

    /// <summary>The initial local credentials.</summary>
    public IceCredentials Local { get; }

    /// <summary>The consent timeout (null: 30 s).</summary>
    public TimeSpan? ConsentTimeout { get; }

    /// <summary>The agent (created when the session is attached to its shard).</summary>
    public IceLiteAgent? Agent { get; private set; }

    /// <summary>The owning shard, once attached.</summary>
    public Shard? Shard => _shard;

    /// <summary>Raised on the shard thread when the ICE state changes (tests and signaling observe it).</summary>
    public event Action<IceLiteShardSession, IceState>? StateChanged;

    /// <inheritdoc />
    public virtual void OnAttached(Shard shard, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(shard);
        _shard = shard;
        Agent = new IceLiteAgent(Local, nowMs, ConsentTimeout);
        ScheduleTimer(Agent.ConsentDeadlineMs);
    }

    /// <summary>A subclass's own deadline (SCTP retransmission) sharing the session's one shard timer.</summary>
    protected virtual long ExtraTimerDueMs => long.MaxValue;

    /// <summary>Schedules the session timer at the earlier of <paramref name="iceDueMs"/> and <see cref="ExtraTimerDueMs"/>.</summary>
    protected void ScheduleTimer(long iceDueMs)
    {
        var due = Math.Min(iceDueMs, ExtraTimerDueMs);
        if (due != long.MaxValue) _shard?.ScheduleTimer(this, due);
    }

    /// <summary>Re-arms the timer after <see cref="ExtraTimerDueMs"/> changed.</summary>
    protected void RescheduleTimer() =>
        ScheduleTimer(Agent is { State: IceState.New or IceState.Connected } agent ? agent.ConsentDeadlineMs : long.MaxValue);

    /// <inheritdoc />
    public void OnDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source)
    {
        var agent = Agent!;
        if (kind == DatagramKind.Stun)
        {
            var result = agent.HandleStun(nowMs, datagram, source, _response, out var length, out var reason);
            if (result == IceCheckResult.Dropped || result == IceCheckResult.Error) _shard!.Drop(reason);
            if (length > 0) _shard!.Send(_response.AsSpan(0, length), source);
            DrainEvents(nowMs);
            return;
        }
        if (!agent.IsValidated(source))
        {
            // Never answer an address that did not authenticate (security.md I2/I3).
            _shard!.Drop(PacketDropReason.NotValidated);
            return;
        }
        OnValidatedDatagram(nowMs, kind, datagram, source);
    }

    /// <summary>A DTLS, RTP or RTCP datagram from an ICE-validated address. The default drops it as NotKeyed.</summary>
    protected virtual void OnValidatedDatagram(long nowMs, DatagramKind kind, Span<byte> datagram, in SocketAddressKey source) =>
        _shard!.Drop(PacketDropReason.NotKeyed);

    /// <inheritdoc />
    public virtual void OnTimer(long nowMs)
    {
        var next = Agent!.HandleTimeout(nowMs);
        DrainEvents(nowMs);
        if (Agent.State == IceState.Failed) _shard!.CloseSession(this);
        else ScheduleTimer(next);
    }

    /// <summary>ICE restart: new local credentials, routed at once; the old ufrag stops working after the first request with the new one.</summary>
    public void Restart(IceCredentials newLocal, long nowMs)
    {
        Agent!.Restart(newLocal);
        _shard!.RegisterUfrag(this, newLocal.Ufrag);
        DrainEvents(nowMs);
    }

    /// <inheritdoc />
    public virtual void OnDetached(long nowMs)
    {
        Agent?.Close();
        StateChanged?.Invoke(this, IceState.Closed);
    }

    private void DrainEvents(long nowMs)
    {
        var agent = Agent!;
        while (agent.TryPollEvent(out var e))
        {
            switch (e.Kind)
            {
                case IceEventKind.AddressValidated:
                    _shard!.BindAddress(this, e.Address);
                    break;
                case IceEventKind.AddressRemoved:
                    _shard!.UnbindAddress(e.Address);
                    break;
                case IceEventKind.CredentialsRetired:
                    _shard!.UnregisterUfrag(e.Ufrag!);
                    break;
                case IceEventKind.StateChanged:
                    StateChanged?.Invoke(this, e.State);
                    break;
                case IceEventKind.SelectedAddressChanged:
                default:
                    break;
            }
        }
        // Consent was maybe refreshed: move the timer (cheap: one wheel reschedule per request).
        ScheduleTimer(agent.State is IceState.New or IceState.Connected ? agent.ConsentDeadlineMs : long.MaxValue);
    }

    /// <inheritdoc />
    public override string ToString() => "ice:" + Local.Ufrag;
}
