using Sfu.Core.Sdp;
using Sfu.Transport.Dtls;
using Sfu.Transport.Sharding;

namespace Sfu.Signaling.Rooms;

/// <summary>
/// What a room session needs of the media side of the process (the server's MediaHost): the shard a room
/// lives on, the host candidates of a shard, the DTLS certificate's fingerprint and the DTLS settings of a
/// new peer connection.
/// </summary>
public interface IRtcMedia
{
    /// <summary>The shard every media object of <paramref name="roomName"/> lives on.</summary>
    Shard ShardForRoom(string roomName);

    /// <summary>Host candidates of a session on <paramref name="shard"/>.</summary>
    IReadOnlyList<IceCandidate> CandidatesFor(Shard shard);

    /// <summary>The server certificate's fingerprint, for every SDP.</summary>
    SdpFingerprint Fingerprint { get; }

    /// <summary>DTLS settings for a peer connection in <paramref name="role"/> whose certificate must match <paramref name="remote"/>.</summary>
    DtlsOptions CreateDtlsOptions(DtlsRole role, DtlsFingerprint remote);

    /// <summary>Where DTLS handshakes run (off the shard threads), or null to run them inline.</summary>
    DtlsHandshakePool? HandshakePool { get; }
}
