using System.Security.Cryptography;

namespace Sfu.Signaling.Protocol;

/// <summary>
/// LiveKit's id shapes (protocol <c>utils/guid</c>): a type prefix and 12 random base62 characters.
/// The JS SDK relies on the prefixes (<c>PA</c> participants, <c>TR</c> tracks). Random from a CSPRNG:
/// ids must not be guessable (security.md A12).
/// </summary>
public static class LiveKitIds
{
    /// <summary>Room ids.</summary>
    public const string RoomPrefix = "RM_";
    /// <summary>Participant ids.</summary>
    public const string ParticipantPrefix = "PA_";
    /// <summary>Track ids.</summary>
    public const string TrackPrefix = "TR_";
    /// <summary>Node ids.</summary>
    public const string NodePrefix = "ND_";
    /// <summary>Webhook event ids.</summary>
    public const string EventPrefix = "EV_";

    /// <summary>Length of the random part.</summary>
    public const int RandomLength = 12;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new "RM_..." id.</summary>
    public static string NewRoomSid() => New(RoomPrefix);
    /// <summary>A new "PA_..." id.</summary>
    public static string NewParticipantSid() => New(ParticipantPrefix);
    /// <summary>A new "TR_..." id.</summary>
    public static string NewTrackSid() => New(TrackPrefix);
    /// <summary>A new "EV_..." id.</summary>
    public static string NewEventId() => New(EventPrefix);

    /// <summary>A new id with <paramref name="prefix"/> and <see cref="RandomLength"/> base62 characters (about 71 bits).</summary>
    public static string New(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return string.Create(prefix.Length + RandomLength, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            RandomNumberGenerator.GetItems(Alphabet, span[p.Length..]);
        });
    }
}
