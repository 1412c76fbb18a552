using System.Globalization;

namespace Sfu.Server.Configuration;

/// <summary>
/// <c>rtc.udp_port</c>: one port that every shard shares with SO_REUSEPORT (LiveKit's usual
/// <c>udp_port: 7882</c>), or a range <c>"7882-7889"</c> of which each shard takes one port.
/// </summary>
public readonly record struct UdpPortSpec(int Start, int End)
{
    /// <summary>True when one port is shared by every shard.</summary>
    public bool IsSinglePort => Start == End;

    /// <summary>Parses <c>7882</c> or <c>"7882-7889"</c>.</summary>
    public static bool TryParse(string? text, out UdpPortSpec spec, out string error)
    {
        spec = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!TryParsePort(parts[0], out var start, out error)) return false;
        var end = start;
        if (parts.Length == 2 && !TryParsePort(parts[1], out end, out error)) return false;
        if (end < start)
        {
            error = $"range {text} ends before it starts";
            return false;
        }
        spec = new UdpPortSpec(start, end);
        return true;
    }

    internal static bool TryParsePort(string text, out int port, out string error)
    {
        error = "";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            error = $"'{text}' is not a port (1-65535)";
            return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => IsSinglePort
        ? Start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");
}
