using System.Globalization;

namespace Sfu.Core.Sdp;

/// <summary>Character classes and number parsing from the SDP grammars (RFC 8866 section 9, RFC 8839 section 5.1).</summary>
internal static class SdpText
{
    /// <summary>RFC 8866 token-char: %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E.</summary>
    public static bool IsTokenChar(char c) =>
        c == '!' || (c >= '#' && c <= '\'') || c == '*' || c == '+' || c == '-' || c == '.'
        || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= '^' && c <= '~');

    public static bool IsToken(ReadOnlySpan<char> s, int maxLength = int.MaxValue)
    {
        if (s.IsEmpty || s.Length > maxLength) return false;
        foreach (var c in s)
        {
            if (!IsTokenChar(c)) return false;
        }
        return true;
    }

    /// <summary>RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/".</summary>
    public static bool IsIceChars(ReadOnlySpan<char> s, int min, int max)
    {
        if (s.Length < min || s.Length > max) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/')) return false;
        }
        return true;
    }

    /// <summary>RFC 8851 rid-id: 1*(alpha-numeric / "-" / "_").</summary>
    public static bool IsRidId(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > SdpLimits.MaxIdentifierLength) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')) return false;
        }
        return true;
    }

    /// <summary>Decimal digits only (no sign, no spaces), at most <paramref name="max"/>.</summary>
    public static bool TryParseUInt(ReadOnlySpan<char> s, long max, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 19) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }

    public static bool TryParseInt(ReadOnlySpan<char> s, int max, out int value)
    {
        var ok = TryParseUInt(s, max, out var v);
        value = ok ? (int)v : 0;
        return ok;
    }

    public static bool TryParseDirection(string name, out MediaDirection direction)
    {
        switch (name)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static string DirectionName(MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Splits on single spaces, dropping empty pieces (livekit-client writes <c>msid-semantic:  WMS</c>).</summary>
    public static string[] Words(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
