using System.Text;

namespace Sfu.Transport.Demux;

/// <summary>
/// One shard's index of its sessions: by local ICE ufrag (how a first STUN request finds its session) and
/// by remote address (how everything after it does). Single-threaded: only the owning shard uses it.
/// </summary>
/// <remarks>
/// RFC 8445 §7.3: the USERNAME of a Binding request is "local-ufrag:remote-ufrag" from the receiver's point
/// of view, so the part before the colon is ours. Ufrags are looked up from the raw USERNAME bytes through
/// the dictionary's span lookup, without creating a string per request. Ufrags are ice-chars (RFC 8839
/// §5.4: ALPHA / DIGIT / "+" / "/"), i.e. ASCII; a non-ASCII byte cannot match.
/// </remarks>
public sealed class SessionTable<TSession> where TSession : class
{
    private const int MaxUfragLength = 256; // RFC 8839 §5.4 bounds ice-ufrag to 256 chars
    private readonly Dictionary<string, TSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TSession>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddressKey, TSession> _byAddress = [];

    /// <summary>Creates an empty table.</summary>
    public SessionTable() => _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of ufrags registered.</summary>
    public int UfragCount => _byUfrag.Count;

    /// <summary>Number of addresses bound.</summary>
    public int AddressCount => _byAddress.Count;

    /// <summary>Registers a local ufrag. False if another session holds it.</summary>
    public bool TryAddUfrag(string ufrag, TSession session)
    {
        ArgumentNullException.ThrowIfNull(ufrag);
        if (_byUfrag.TryGetValue(ufrag, out var existing)) return ReferenceEquals(existing, session);
        _byUfrag.Add(ufrag, session);
        return true;
    }

    /// <summary>Removes a ufrag (after an ICE restart, or when the session closes).</summary>
    public bool RemoveUfrag(string ufrag) => _byUfrag.Remove(ufrag);

    /// <summary>Binds a validated remote address to a session (replacing any previous owner).</summary>
    public void BindAddress(in SocketAddressKey address, TSession session) => _byAddress[address] = session;

    /// <summary>Unbinds an address.</summary>
    public bool UnbindAddress(in SocketAddressKey address) => _byAddress.Remove(address);

    /// <summary>The session bound to <paramref name="address"/>.</summary>
    public bool TryGetByAddress(in SocketAddressKey address, out TSession session) => _byAddress.TryGetValue(address, out session!);

    /// <summary>The session holding <paramref name="ufrag"/>.</summary>
    public bool TryGetByUfrag(ReadOnlySpan<char> ufrag, out TSession session) => _byUfragSpan.TryGetValue(ufrag, out session!);

    /// <summary>
    /// The session whose local ufrag is the part of a STUN USERNAME (raw bytes) before the first colon. A
    /// USERNAME without a colon is taken whole.
    /// </summary>
    public bool TryGetByUsername(ReadOnlySpan<byte> username, out TSession session)
    {
        var colon = username.IndexOf((byte)':');
        var local = colon >= 0 ? username[..colon] : username;
        if (local.IsEmpty || local.Length > MaxUfragLength || !Ascii.IsValid(local))
        {
            session = null!;
            return false;
        }
        Span<char> chars = stackalloc char[local.Length];
        Ascii.ToUtf16(local, chars, out _);
        return _byUfragSpan.TryGetValue(chars, out session!);
    }

    /// <summary>The local ufrag part of a USERNAME as a string (miss path only: it allocates).</summary>
    public static string? LocalUfragOf(ReadOnlySpan<byte> username)
    {
        var colon = username.IndexOf((byte)':');
        var local = colon >= 0 ? username[..colon] : username;
        return local.IsEmpty || local.Length > MaxUfragLength || !Ascii.IsValid(local) ? null : Encoding.ASCII.GetString(local);
    }

    /// <summary>Removes every ufrag and address of <paramref name="session"/> (close). Control path: it scans.</summary>
    public int RemoveSession(TSession session, List<string>? removedUfrags = null, List<SocketAddressKey>? removedAddresses = null)
    {
        var removed = 0;
        foreach (var pair in _byUfrag.Where(p => ReferenceEquals(p.Value, session)).ToList())
        {
            _byUfrag.Remove(pair.Key);
            removedUfrags?.Add(pair.Key);
            removed++;
        }
        foreach (var pair in _byAddress.Where(p => ReferenceEquals(p.Value, session)).ToList())
        {
            _byAddress.Remove(pair.Key);
            removedAddresses?.Add(pair.Key);
            removed++;
        }
        return removed;
    }
}
