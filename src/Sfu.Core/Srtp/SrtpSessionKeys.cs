using System.Security.Cryptography;

namespace Sfu.Core.Srtp;

/// <summary>The six session keys of one master key (RFC 3711 section 4.3, kdr = 0).</summary>
internal sealed class SrtpSessionKeys
{
    public required byte[] RtpEncryptionKey { get; init; }
    public required byte[] RtpAuthKey { get; init; }
    public required byte[] RtpSalt { get; init; }
    public required byte[] RtcpEncryptionKey { get; init; }
    public required byte[] RtcpAuthKey { get; init; }
    public required byte[] RtcpSalt { get; init; }

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var keyLength = profile.KeyLength();
        var saltLength = profile.SaltLength();
        var authLength = profile.AuthKeyLength();
        if (masterKey.Length != keyLength) throw new ArgumentException($"{profile} needs a {keyLength}-byte master key", nameof(masterKey));
        if (masterSalt.Length != saltLength) throw new ArgumentException($"{profile} needs a {saltLength}-byte master salt", nameof(masterSalt));

        byte[] Make(byte label, int length, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
        {
            var k = new byte[length];
            if (length > 0) SrtpKeyDerivation.Derive(key, salt, label, k);
            return k;
        }

        return new SrtpSessionKeys
        {
            RtpEncryptionKey = Make(SrtpKeyDerivation.LabelRtpEncryption, keyLength, masterKey, masterSalt),
            RtpAuthKey = Make(SrtpKeyDerivation.LabelRtpAuthentication, authLength, masterKey, masterSalt),
            RtpSalt = Make(SrtpKeyDerivation.LabelRtpSalt, saltLength, masterKey, masterSalt),
            RtcpEncryptionKey = Make(SrtpKeyDerivation.LabelRtcpEncryption, keyLength, masterKey, masterSalt),
            RtcpAuthKey = Make(SrtpKeyDerivation.LabelRtcpAuthentication, authLength, masterKey, masterSalt),
            RtcpSalt = Make(SrtpKeyDerivation.LabelRtcpSalt, saltLength, masterKey, masterSalt),
        };
    }

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(RtpEncryptionKey);
        CryptographicOperations.ZeroMemory(RtpAuthKey);
        CryptographicOperations.ZeroMemory(RtcpEncryptionKey);
        CryptographicOperations.ZeroMemory(RtcpAuthKey);
    }
}
