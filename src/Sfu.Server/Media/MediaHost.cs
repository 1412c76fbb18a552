using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sfu.Core.Sdp;
using Sfu.Server.Configuration;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Sharding;
using Sfu.Transport.Udp;

namespace Sfu.Server.Media;

/// <summary>
/// The media side of the process: the UDP shards on the configured ports, the DTLS certificate (generated at
/// start; its fingerprint goes in every SDP), the DTLS handshake pool and its warm-up, and the host
/// candidates peers are told about. Started before Kestrel accepts requests, stopped after.
/// </summary>
public sealed class MediaHost : IHostedService, IDisposable
{
    private readonly SfuConfig _config;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private UdpTransport? _transport;
    private int _nextShard;

    public MediaHost(SfuConfig config, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _config = config;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("Sfu.Server.Media");
        Certificate = DtlsCertificate.Generate();
        HandshakePool = new DtlsHandshakePool();
        SrtpProfiles = config.Rtc.SrtpProfiles.Count > 0 ? [.. config.Rtc.SrtpProfiles] : DtlsSrtpProfiles.DefaultPreference;
    }

    /// <summary>The server's DTLS certificate (one per process).</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>Runs DTLS handshakes off the shard threads.</summary>
    public DtlsHandshakePool HandshakePool { get; }

    /// <summary>SRTP profiles offered in DTLS use_srtp, in preference order (<c>rtc.srtp_profiles</c>).</summary>
    public IReadOnlyList<DtlsSrtpProfile> SrtpProfiles { get; }

    /// <summary>The UDP transport once started.</summary>
    public UdpTransport Transport => _transport ?? throw new InvalidOperationException("media host not started");

    /// <summary>The certificate fingerprint in SDP form.</summary>
    public SdpFingerprint SdpFingerprint => new(Certificate.Fingerprint.AlgorithmToken, Certificate.Fingerprint.Digest);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ports = _config.Rtc.EffectiveUdpPorts;
        var options = new UdpTransportOptions
        {
            NodeIp = _config.Rtc.NodeIp is { } ip ? IPAddress.Parse(ip) : null,
            ShardCount = _config.Rtc.ShardCount > 0 ? _config.Rtc.ShardCount : Environment.ProcessorCount,
        };
        if (ports.IsSinglePort) options.Port = ports.Start;
        else
        {
            options.PortRangeStart = ports.Start;
            options.PortRangeEnd = ports.End;
        }
        foreach (var a in _config.BindAddresses) options.BindAddresses.Add(IPAddress.Parse(a));
        _transport = new UdpTransport(options, TimeProvider.System, _loggerFactory);
        _transport.Start();
        // The first handshake in a fresh process pays for JIT and BouncyCastle's static set-up (hundreds of
        // ms on 2 cores): pay it now, before a browser's ClientHello waits on it.
        var warm = await DtlsWarmup.RunAsync(Certificate, HandshakePool, cancellationToken).ConfigureAwait(false);
        MediaLog.Ready(_log, string.Join(", ", _transport.LocalEndPoints), Certificate.SdpFingerprint, (int)warm.TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _transport?.Dispose();
        _transport = null;
        return Task.CompletedTask;
    }

    /// <summary>The shard for a new peer connection that belongs to no room (round robin).</summary>
    public Shard NextShard()
    {
        var shards = Transport.Shards;
        return shards[(int)((uint)Interlocked.Increment(ref _nextShard) % (uint)shards.Count)];
    }

    /// <summary>Host candidates for a session on <paramref name="shard"/> (its port; node_ip or the bind addresses).</summary>
    public IReadOnlyList<IceCandidate> CandidatesFor(Shard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var port = shard.LocalEndPoints[0].Port;
        var addresses = HostCandidates.Addresses(Transport.Options.NodeIp, Transport.Options.BindAddresses);
        var result = new List<IceCandidate>();
        foreach (var line in HostCandidates.Format(addresses, port))
            if (IceCandidate.TryParse(line, out var c)) result.Add(c);
        return result;
    }

    public void Dispose()
    {
        _transport?.Dispose();
        HandshakePool.Dispose();
    }
}
