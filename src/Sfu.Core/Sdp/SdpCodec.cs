namespace Sfu.Core.Sdp;

/// <summary>
/// One payload type of a media section, gathered from the <c>m=</c> format list, <c>a=rtpmap</c>,
/// <c>a=fmtp</c> and <c>a=rtcp-fb</c> (RFC 8866 section 6.6, RFC 4585 section 4.2). RTX and RED payload
/// types are codecs too; <see cref="MediaSectionModel.RtxMap"/> and <see cref="MediaSectionModel.RedPayloadType"/>
/// index them.
/// </summary>
/// <param name="PayloadType">0-127.</param>
/// <param name="Name">Encoding name as written (case kept; compare with <see cref="CodecNames.AreEqual"/>); empty for a dynamic type without rtpmap.</param>
/// <param name="ClockRate">Hz; 0 when unknown.</param>
/// <param name="Channels">Audio channels from the rtpmap; 0 when absent.</param>
/// <param name="Fmtp">The <c>a=fmtp</c> parameters as written, or null.</param>
/// <param name="RtcpFeedback">The <c>a=rtcp-fb</c> entries for this payload type (including <c>*</c> ones), in order.</param>
public sealed record SdpCodec(byte PayloadType, string Name, int ClockRate, int Channels, string? Fmtp, IReadOnlyList<RtcpFeedback> RtcpFeedback)
{
    /// <summary>True for an RFC 4588 retransmission payload type.</summary>
    public bool IsRtx => CodecNames.AreEqual(Name, CodecNames.Rtx);

    /// <summary>True for an RFC 2198 redundancy payload type.</summary>
    public bool IsRed => CodecNames.AreEqual(Name, CodecNames.Red);

    /// <summary>Looks up one <c>key=value</c> fmtp parameter (keys are case-insensitive, RFC 8866 section 6.15); the first occurrence wins.</summary>
    public bool TryGetParameter(string key, out string value)
    {
        value = string.Empty;
        if (Fmtp is null) return false;
        foreach (var part in Fmtp.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            if (part.AsSpan(0, eq).Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                value = part[(eq + 1)..].Trim();
                return true;
            }
        }
        return false;
    }

    /// <summary>True when this payload type lists the given feedback.</summary>
    public bool HasFeedback(RtcpFeedback feedback)
    {
        foreach (var fb in RtcpFeedback)
        {
            if (fb == feedback) return true;
        }
        return false;
    }

    /// <summary>The rtpmap value, e.g. <c>opus/48000/2</c>.</summary>
    public string RtpmapValue => Channels > 0 ? $"{Name}/{ClockRate}/{Channels}" : $"{Name}/{ClockRate}";
}
