namespace Sfu.Core.Sctp.DataChannels;

/// <summary>One data channel (RFC 8831): an SCTP stream id in both directions with its label and reliability.</summary>
public sealed class DataChannel
{
    internal DataChannel(ushort id, DcepMessage.Open open, bool locallyOpened)
    {
        Id = id;
        Label = open.Label;
        Protocol = open.Protocol;
        Ordered = open.Ordered;
        MaxRetransmits = open.MaxRetransmits;
        LifetimeMs = open.LifetimeMs;
        LocallyOpened = locallyOpened;
    }

    public ushort Id { get; }
    public string Label { get; }
    public string Protocol { get; }
    public bool Ordered { get; }
    /// <summary>-1: reliable (or timed).</summary>
    public int MaxRetransmits { get; }
    /// <summary>-1: no lifetime.</summary>
    public long LifetimeMs { get; }
    public bool LocallyOpened { get; }
    /// <summary>Remote channels are open at once; ours once DATA_CHANNEL_ACK (or any message) arrived.</summary>
    public bool Acknowledged { get; internal set; }
    public bool Closed { get; internal set; }
    public long MessagesReceived { get; internal set; }
    public long MessagesSent { get; internal set; }

    public override string ToString() => $"{Label}#{Id}";
}

public enum DataChannelEventKind
{
    /// <summary>The peer opened a channel (DATA_CHANNEL_OPEN), or acknowledged ours.</summary>
    Opened,
    Message,
    /// <summary>The peer reset the channel's stream, or the association closed (then Channel is null).</summary>
    Closed,
}

/// <summary>What <see cref="DataChannelEndpoint.TryPollEvent"/> returns; Data is the message for Message events.</summary>
public readonly record struct DataChannelEvent(DataChannelEventKind Kind, DataChannel? Channel, byte[]? Data = null, bool Binary = false);
