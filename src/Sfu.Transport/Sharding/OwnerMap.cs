using System.Collections.Concurrent;
using Sfu.Transport.Demux;

namespace Sfu.Transport.Sharding;

/// <summary>
/// Process-wide, read-mostly map from a ufrag or remote address to the shard that owns its session. Used
/// only on the miss path: when SO_REUSEPORT hashed a peer's datagram to a shard whose own table does not
/// know it. Each owner writes its own entries; every shard reads.
/// </summary>
public sealed class OwnerMap
{
    private readonly ConcurrentDictionary<string, int> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<SocketAddressKey, int> _byAddress = new();

    /// <summary>Creates an empty map.</summary>
    public OwnerMap() => _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Records that <paramref name="shard"/> owns <paramref name="ufrag"/>.</summary>
    public void SetUfrag(string ufrag, int shard) => _byUfrag[ufrag] = shard;

    /// <summary>Forgets a ufrag if <paramref name="shard"/> still owns it.</summary>
    public void RemoveUfrag(string ufrag, int shard) => _byUfrag.TryRemove(new KeyValuePair<string, int>(ufrag, shard));

    /// <summary>Records that <paramref name="shard"/> owns <paramref name="address"/>.</summary>
    public void SetAddress(in SocketAddressKey address, int shard) => _byAddress[address] = shard;

    /// <summary>Forgets an address if <paramref name="shard"/> still owns it.</summary>
    public void RemoveAddress(in SocketAddressKey address, int shard) => _byAddress.TryRemove(new KeyValuePair<SocketAddressKey, int>(address, shard));

    /// <summary>The owner of a ufrag given as characters.</summary>
    public bool TryGetUfragOwner(ReadOnlySpan<char> ufrag, out int shard) => _byUfragSpan.TryGetValue(ufrag, out shard);

    /// <summary>The owner of an address.</summary>
    public bool TryGetAddressOwner(in SocketAddressKey address, out int shard) => _byAddress.TryGetValue(address, out shard);
}
