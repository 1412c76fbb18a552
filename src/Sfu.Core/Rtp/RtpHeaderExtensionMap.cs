namespace Sfu.Core.Rtp;

/// <summary>
/// The id-to-URI map negotiated for one transport or m-section (a=extmap), with O(1) lookups in both
/// directions for the extensions the SFU understands.
/// </summary>
/// <remarks>
/// RFC 8285 §5: ids 1-14 fit the one-byte form, 15-255 need the two-byte form (a=extmap-allow-mixed);
/// id 0 and 15 in the one-byte form are reserved. Built once at negotiation time (it allocates then),
/// read per packet without allocating. Not thread-safe for writes; the owning shard builds it.
/// </remarks>
public sealed class RtpHeaderExtensionMap
{
    /// <summary>Largest id (two-byte form).</summary>
    public const int MaxId = 255;

    private const int KindCount = (int)RtpExtensionKind.AbsCaptureTime + 1;

    private readonly string?[] _uriById = new string?[MaxId + 1];
    private readonly RtpExtensionKind[] _kindById = new RtpExtensionKind[MaxId + 1];
    private readonly byte[] _idByKind = new byte[KindCount];

    /// <summary>Registers <paramref name="uri"/> under <paramref name="id"/> (1-255), replacing what was there.</summary>
    public void Register(int id, string uri)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(id, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, MaxId);
        ArgumentNullException.ThrowIfNull(uri);
        Unregister(id);
        var kind = RtpExtensionUri.ToKind(uri);
        _uriById[id] = uri;
        _kindById[id] = kind;
        if (kind != RtpExtensionKind.None) _idByKind[(int)kind] = (byte)id;
    }

    /// <summary>Removes whatever is registered under <paramref name="id"/>.</summary>
    public void Unregister(int id)
    {
        if (id < 1 || id > MaxId) return;
        var kind = _kindById[id];
        if (kind != RtpExtensionKind.None && _idByKind[(int)kind] == id) _idByKind[(int)kind] = 0;
        _uriById[id] = null;
        _kindById[id] = RtpExtensionKind.None;
    }

    /// <summary>The id negotiated for <paramref name="kind"/>, or 0 when it was not negotiated.</summary>
    public int GetId(RtpExtensionKind kind) => (uint)kind < KindCount ? _idByKind[(int)kind] : 0;

    /// <summary>The id negotiated for <paramref name="uri"/>, or 0.</summary>
    public int GetId(string uri)
    {
        for (var id = 1; id <= MaxId; id++)
            if (string.Equals(_uriById[id], uri, StringComparison.Ordinal)) return id;
        return 0;
    }

    /// <summary>What <paramref name="id"/> means, or <see cref="RtpExtensionKind.None"/>.</summary>
    public RtpExtensionKind GetKind(int id) => (uint)id <= MaxId ? _kindById[id] : RtpExtensionKind.None;

    /// <summary>The URI registered under <paramref name="id"/>, or null.</summary>
    public string? GetUri(int id) => (uint)id <= MaxId ? _uriById[id] : null;

    /// <summary>True when every registered id fits the one-byte form (1-14).</summary>
    public bool FitsOneByteForm
    {
        get
        {
            for (var id = RtpPacketView.OneByteTerminatorId; id <= MaxId; id++)
                if (_uriById[id] is not null) return false;
            return true;
        }
    }
}
