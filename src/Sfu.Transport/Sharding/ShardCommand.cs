using Sfu.Transport.Demux;

namespace Sfu.Transport.Sharding;

/// <summary>One item of a shard's command queue: a control action, or a datagram handed over by another shard.</summary>
internal readonly struct ShardCommand
{
    public ShardCommand(Action<Shard> action)
    {
        Action = action;
        Buffer = null;
        Length = 0;
        Source = default;
        Kind = DatagramKind.Unknown;
    }

    public ShardCommand(byte[] buffer, int length, in SocketAddressKey source, DatagramKind kind)
    {
        Action = null;
        Buffer = buffer;
        Length = length;
        Source = source;
        Kind = kind;
    }

    /// <summary>A control action to run on the shard thread, or null for a hand-off.</summary>
    public Action<Shard>? Action { get; }

    /// <summary>A pooled copy of a handed-over datagram (returned to the pool after dispatch).</summary>
    public byte[]? Buffer { get; }

    public int Length { get; }

    public SocketAddressKey Source { get; }

    public DatagramKind Kind { get; }
}
