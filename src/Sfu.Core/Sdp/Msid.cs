namespace Sfu.Core.Sdp;

/// <summary>
/// <c>a=msid:&lt;stream id&gt; [&lt;track id&gt;]</c> (RFC 8830 section 2): the MediaStream and track a section's
/// RTP belongs to. A stream id of <c>-</c> means "no stream". LiveKit packs <c>PA_sid|TR_sid</c> into the stream id.
/// </summary>
public sealed record Msid(string StreamId, string? TrackId)
{
    /// <summary>The text after <c>a=msid:</c>.</summary>
    public override string ToString() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
