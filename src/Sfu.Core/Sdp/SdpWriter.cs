using System.Text;

namespace Sfu.Core.Sdp;

/// <summary>
/// Appends CRLF-terminated lines for the descriptions this server writes. Every value has been checked
/// where it entered (options, track ids); the CR/LF check here is the last line of defence against
/// a value that would inject a line of its own.
/// </summary>
internal sealed class SdpWriter
{
    private readonly StringBuilder _sb = new(2048);

    public SdpWriter Line(char type, string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentException("An SDP value must not contain CR, LF or NUL.", nameof(value));
        _sb.Append(type).Append('=').Append(value).Append("\r\n");
        return this;
    }

    public SdpWriter Attribute(string name) => Line('a', name);

    public SdpWriter Attribute(string name, string value) => Line('a', name + ":" + value);

    public SdpWriter Session(string sessionId, string sessionVersion)
    {
        Line('v', "0");
        Line('o', $"- {sessionId} {sessionVersion} IN IP4 127.0.0.1");
        Line('s', "-");
        Line('t', "0 0");
        return this;
    }

    /// <summary>ICE and DTLS attributes of one bundled section (RFC 8839 section 5.4, RFC 8122 section 5, RFC 4145 section 4).</summary>
    public SdpWriter Transport(string ufrag, string pwd, SdpFingerprint fingerprint, DtlsSetup setup)
    {
        Attribute("ice-ufrag", ufrag);
        Attribute("ice-pwd", pwd);
        Attribute("fingerprint", fingerprint.ToString());
        Attribute("setup", setup switch
        {
            DtlsSetup.Active => "active",
            DtlsSetup.Passive => "passive",
            DtlsSetup.HoldConn => "holdconn",
            _ => "actpass",
        });
        return this;
    }

    public SdpWriter Candidates(IReadOnlyList<IceCandidate> candidates)
    {
        foreach (var c in candidates) Attribute("candidate", c.ToString());
        // ICE-lite: every candidate is known up front, so the list is complete (RFC 8840 section 8.2).
        if (candidates.Count > 0) Attribute("end-of-candidates");
        return this;
    }

    public SdpWriter Codec(SdpCodec codec)
    {
        var pt = SdpText.Invariant(codec.PayloadType);
        Attribute("rtpmap", pt + " " + codec.RtpmapValue);
        foreach (var fb in codec.RtcpFeedback) Attribute("rtcp-fb", pt + " " + fb);
        if (codec.Fmtp is not null) Attribute("fmtp", pt + " " + codec.Fmtp);
        return this;
    }

    /// <summary>The msid and SSRC signalling of one sent track (RFC 8830, RFC 5576, RFC 4588 section 8.1).</summary>
    public SdpWriter SentTrack(OutgoingTrack track, bool withRtx)
    {
        var msid = track.StreamId + " " + track.TrackId;
        var ssrc = SdpText.Invariant(track.Ssrc);
        if (withRtx && track.RtxSsrc is { } rtx)
        {
            var rtxText = SdpText.Invariant(rtx);
            Attribute("ssrc-group", $"{SsrcGroup.Fid} {ssrc} {rtxText}");
            Attribute("ssrc", $"{ssrc} cname:{track.Cname}");
            Attribute("ssrc", $"{ssrc} msid:{msid}");
            Attribute("ssrc", $"{rtxText} cname:{track.Cname}");
            Attribute("ssrc", $"{rtxText} msid:{msid}");
        }
        else
        {
            Attribute("ssrc", $"{ssrc} cname:{track.Cname}");
            Attribute("ssrc", $"{ssrc} msid:{msid}");
        }
        return this;
    }

    public override string ToString() => _sb.ToString();
}
