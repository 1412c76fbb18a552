using System.Text.Json;

namespace Sfu.Core.Tests.Captures;

/// <summary>
/// An SRTP packet from a capture, reshaped so the RTP parser sees what it would see after decryption: the
/// clear header from <c>hex</c>, the (still encrypted) payload and padding bytes, the auth tag removed, and
/// the last byte set to the recorded padding count (the only encrypted byte the parser interprets).
/// </summary>
public sealed record CapturedRtp(JsonElement Fields, byte[] Bytes)
{
    /// <summary>Every SRTP packet of every capture.</summary>
    public static IEnumerable<(Capture Capture, CapturedRtp Packet)> All() =>
        Capture.All.SelectMany(c => Of(c).Select(p => (c, p)));

    /// <summary>The packets of one capture.</summary>
    public static IEnumerable<CapturedRtp> Of(Capture capture)
    {
        var tag = capture.Root.GetProperty("srtp").GetProperty("auth_tag_len").GetInt32();
        foreach (var p in capture.Array("srtp_packets"))
        {
            var hex = Convert.FromHexString(p.GetProperty("hex").GetString()!);
            var bytes = hex[..^tag];
            if (p.GetProperty("padding").GetBoolean()) bytes[^1] = (byte)p.GetProperty("padding_len").GetInt32();
            yield return new CapturedRtp(p, bytes);
        }
    }

    /// <summary>An integer field.</summary>
    public long Long(string name) => Fields.GetProperty(name).GetInt64();
}
