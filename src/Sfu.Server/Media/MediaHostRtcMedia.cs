using Sfu.Core.Sdp;
using Sfu.Signaling.Rooms;
using Sfu.Transport.Dtls;
using Sfu.Transport.Sharding;

namespace Sfu.Server.Media;

/// <summary>The media host as the LiveKit room sessions see it (shards, candidates, certificate, DTLS settings).</summary>
public sealed class MediaHostRtcMedia : IRtcMedia
{
    private readonly MediaHost _host;

    public MediaHostRtcMedia(MediaHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
    }

    /// <inheritdoc />
    public Shard ShardForRoom(string roomName) => _host.Transport.ShardForRoom(roomName);

    /// <inheritdoc />
    public IReadOnlyList<IceCandidate> CandidatesFor(Shard shard) => _host.CandidatesFor(shard);

    /// <inheritdoc />
    public SdpFingerprint Fingerprint => _host.SdpFingerprint;

    /// <inheritdoc />
    public DtlsHandshakePool? HandshakePool => _host.HandshakePool;

    /// <inheritdoc />
    public DtlsOptions CreateDtlsOptions(DtlsRole role, DtlsFingerprint remote) => new()
    {
        Role = role,
        Certificate = _host.Certificate,
        RemoteFingerprint = remote,
        SrtpProfiles = _host.SrtpProfiles,
    };
}
