namespace Sfu.Core.Sctp.DataChannels;

/// <summary>
/// Data channels over one <see cref="SctpAssociation"/> (RFC 8831) with in-band establishment (RFC 8832):
/// a DATA_CHANNEL_OPEN from the peer creates the channel and is answered with DATA_CHANNEL_ACK; channels we
/// open take odd stream ids as the DTLS server and even ones as the DTLS client (RFC 8832 section 6), so the
/// two sides never pick the same id. Messages carry PPID 51 (string) or 53 (binary); empty ones 56/57 with one
/// zero byte (RFC 8831 section 6.6). Sans-IO like the association: the owner drains both.
/// </summary>
public sealed class DataChannelEndpoint
{
    /// <summary>Most channels at once; an OPEN beyond it is refused (the stream is left unused) and counted.</summary>
    public const int MaxChannels = 256;

    private readonly Dictionary<ushort, DataChannel> _channels = new();
    private readonly Queue<DataChannelEvent> _events = new();
    private readonly bool _dtlsServer;

    public DataChannelEndpoint(SctpAssociation association, bool dtlsServer)
    {
        ArgumentNullException.ThrowIfNull(association);
        Association = association;
        _dtlsServer = dtlsServer;
    }

    public SctpAssociation Association { get; }
    public IReadOnlyCollection<DataChannel> Channels => _channels.Values;
    public bool IsEstablished => Association.State == SctpState.Established;
    /// <summary>DCEP messages refused (malformed, too many channels, unknown type) and data on unknown streams.</summary>
    public long DcepDrops { get; private set; }
    public long UnknownStreamDrops { get; private set; }

    public bool TryGetChannel(ushort id, out DataChannel channel) => _channels.TryGetValue(id, out channel!);

    /// <summary>Feeds one SCTP packet and turns what it delivered into channel events.</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        Association.HandlePacket(packet, nowMs);
        Pump(nowMs);
    }

    public void HandleTimeout(long nowMs)
    {
        Association.HandleTimeout(nowMs);
        Pump(nowMs);
    }

    private void Pump(long nowMs)
    {
        while (Association.TryPollEvent(out var e))
        {
            if (e.Kind == SctpEventKind.StreamReset && _channels.Remove(e.StreamId, out var gone))
            {
                gone.Closed = true;
                _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Closed, gone));
            }
            else if (e.Kind == SctpEventKind.Closed)
            {
                foreach (var c in _channels.Values) c.Closed = true;
                _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Closed, null));
            }
        }
        while (Association.TryPollMessage(out var m))
        {
            if (m.Ppid == DataChannelPpid.Dcep)
            {
                HandleDcep(m, nowMs);
                continue;
            }
            if (!_channels.TryGetValue(m.StreamId, out var channel))
            {
                UnknownStreamDrops++;
                continue;
            }
            // RFC 8832 section 6: any message on our channel also means the peer got our OPEN.
            if (!channel.Acknowledged)
            {
                channel.Acknowledged = true;
                _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Opened, channel));
            }
            channel.MessagesReceived++;
            var (data, binary) = m.Ppid switch
            {
                DataChannelPpid.StringEmpty => ([], false),
                DataChannelPpid.BinaryEmpty => ([], true),
                DataChannelPpid.String or DataChannelPpid.StringPartial => (m.Data, false),
                _ => (m.Data, true),
            };
            _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Message, channel, data, binary));
        }
    }

    private void HandleDcep(in SctpMessage m, long nowMs)
    {
        if (m.Data.Length >= 1 && m.Data[0] == DcepMessage.TypeAck)
        {
            if (_channels.TryGetValue(m.StreamId, out var ours) && !ours.Acknowledged)
            {
                ours.Acknowledged = true;
                _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Opened, ours));
            }
            return;
        }
        if (!DcepMessage.TryParseOpen(m.Data, out var open) || _channels.Count >= MaxChannels
            || _channels.ContainsKey(m.StreamId) && _channels[m.StreamId].LocallyOpened)
        {
            DcepDrops++;
            return;
        }
        var channel = new DataChannel(m.StreamId, open, locallyOpened: false) { Acknowledged = true };
        _channels[m.StreamId] = channel;
        // RFC 8832 section 6: the ACK goes on the same stream, ordered and reliable.
        Association.Send(m.StreamId, DataChannelPpid.Dcep, [DcepMessage.TypeAck], unordered: false, nowMs);
        _events.Enqueue(new DataChannelEvent(DataChannelEventKind.Opened, channel));
    }

    /// <summary>
    /// Opens a channel: the lowest free stream id of our parity below the negotiated stream count, then
    /// DATA_CHANNEL_OPEN on it. Null when the association is not established or no id is free.
    /// </summary>
    public DataChannel? Open(string label, bool ordered, int maxRetransmits, long nowMs, string protocol = "")
    {
        if (!IsEstablished || _channels.Count >= MaxChannels) return null;
        var limit = Association.OutboundStreams;
        ushort id = (ushort)(_dtlsServer ? 1 : 0);
        while (id < limit && _channels.ContainsKey(id)) id += 2;
        if (id >= limit) return null;
        var type = maxRetransmits >= 0 ? DataChannelType.PartialReliableRexmit : DataChannelType.Reliable;
        if (!ordered) type = (DataChannelType)((byte)type | 0x80);
        var open = new DcepMessage.Open(type, 0, maxRetransmits >= 0 ? (uint)maxRetransmits : 0, label, protocol);
        var channel = new DataChannel(id, open, locallyOpened: true);
        if (Association.Send(id, DataChannelPpid.Dcep, DcepMessage.WriteOpen(open), unordered: false, nowMs) != SctpDropReason.None) return null;
        _channels[id] = channel;
        return channel;
    }

    /// <summary>Sends one message on <paramref name="channel"/> with its reliability; returns None or why it was dropped.</summary>
    public SctpDropReason Send(DataChannel channel, ReadOnlySpan<byte> data, bool binary, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.Closed) return SctpDropReason.NoAssociation;
        uint ppid;
        if (data.IsEmpty)
        {
            ppid = binary ? DataChannelPpid.BinaryEmpty : DataChannelPpid.StringEmpty;
            data = [0];
        }
        else ppid = binary ? DataChannelPpid.Binary : DataChannelPpid.String;
        var result = Association.Send(channel.Id, ppid, data, !channel.Ordered, nowMs, channel.MaxRetransmits, channel.LifetimeMs);
        if (result == SctpDropReason.None) channel.MessagesSent++;
        return result;
    }

    public bool TryPollEvent(out DataChannelEvent e) => _events.TryDequeue(out e);
}
