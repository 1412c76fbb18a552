using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Sfu.Transport.Ice;

/// <summary>Host candidates for the SDP answer, in the RFC 8839 <c>a=candidate</c> form.</summary>
/// <remarks>
/// RFC 8839 §5.1: <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ host</c>.
/// Priority per RFC 8445 §5.1.2.1: 2^24·type-preference + 2^8·local-preference + (256 − component), with
/// type preference 126 for host candidates and local preference 65535 for the first address, one less for
/// each following one. Component 1 only (rtcp-mux and BUNDLE are assumed, docs/ice.md).
/// </remarks>
public static class HostCandidates
{
    private const int HostTypePreference = 126;
    private const int Component = 1;

    /// <summary>
    /// The addresses to advertise: <c>rtc.node_ip</c> when set; otherwise the bind addresses, with a
    /// wildcard bind expanded to the machine's up, non-loopback unicast addresses (loopback when there is
    /// no other).
    /// </summary>
    public static IReadOnlyList<IPAddress> Addresses(IPAddress? nodeIp, IEnumerable<IPAddress> bindAddresses)
    {
        ArgumentNullException.ThrowIfNull(bindAddresses);
        if (nodeIp is not null) return [nodeIp];
        var result = new List<IPAddress>();
        var binds = bindAddresses.ToList();
        if (binds.Count == 0) binds.Add(IPAddress.Any);
        foreach (var bind in binds)
        {
            if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
            {
                if (!result.Contains(bind)) result.Add(bind);
                continue;
            }
            foreach (var address in InterfaceAddresses(bind.AddressFamily == AddressFamily.InterNetworkV6))
                if (!result.Contains(address)) result.Add(address);
        }
        if (result.Count == 0) result.Add(IPAddress.Loopback);
        return result;
    }

    /// <summary>One candidate attribute value per address (without the "a=" prefix), all on <paramref name="port"/>.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<IPAddress> addresses, int port)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var lines = new string[addresses.Count];
        for (var i = 0; i < addresses.Count; i++)
        {
            var localPreference = 65535 - i;
            var priority = (HostTypePreference << 24) + (localPreference << 8) + (256 - Component);
            var address = addresses[i].IsIPv4MappedToIPv6 ? addresses[i].MapToIPv4() : addresses[i];
            lines[i] = string.Create(CultureInfo.InvariantCulture,
                $"candidate:{i + 1} {Component} udp {(uint)priority} {address} {port} typ host");
        }
        return lines;
    }

    private static IEnumerable<IPAddress> InterfaceAddresses(bool includeIPv6)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (IPAddress.IsLoopback(address)) continue;
                if (address.AddressFamily == AddressFamily.InterNetwork) yield return address;
                else if (includeIPv6 && address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal) yield return address;
            }
        }
    }
}
