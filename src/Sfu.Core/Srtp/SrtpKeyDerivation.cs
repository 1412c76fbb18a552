using System.Security.Cryptography;

namespace Sfu.Core.Srtp;

/// <summary>The SRTP key derivation function with key_derivation_rate 0 (RFC 3711 section 4.3).</summary>
/// <remarks>
/// <code>
///   key_id = label || r           (r = 0 because kdr = 0, so key_id = label * 2^48)
///   x      = key_id XOR master_salt   (both 112 bits, key_id right-aligned)
///   output = AES-CM(master_key, IV = x * 2^16), first n bytes
/// </code>
/// AES-256 master keys follow RFC 6188 section 3 unchanged. The 96-bit AEAD master salt is left-aligned and
/// zero-padded to 112 bits, and the AEAD session salt is the first 12 bytes (RFC 7714 section 11; libsrtp does the same).
/// Runs once per context, never per packet, so it uses .NET's AES directly.
/// </remarks>
internal static class SrtpKeyDerivation
{
    /// <summary>Labels of RFC 3711 section 4.3.2 (SRTP) and 4.3.2 (SRTCP).</summary>
    internal const byte LabelRtpEncryption = 0x00, LabelRtpAuthentication = 0x01, LabelRtpSalt = 0x02,
        LabelRtcpEncryption = 0x03, LabelRtcpAuthentication = 0x04, LabelRtcpSalt = 0x05;

    private const int SaltFieldLength = 14; // 112 bits
    private const int LabelOffset = 7;      // key_id = label * 2^48 sits at byte 7 of the 14-byte x

    /// <summary>Fills <paramref name="output"/> with the derived key for <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterKey.Length is not (16 or 24 or 32)) throw new ArgumentException("AES master key must be 16, 24 or 32 bytes", nameof(masterKey));
        if (masterSalt.Length > SaltFieldLength) throw new ArgumentException("master salt longer than 112 bits", nameof(masterSalt));

        Span<byte> counter = stackalloc byte[16];
        counter.Clear();
        masterSalt.CopyTo(counter);
        counter[LabelOffset] ^= label;

        var blocks = (output.Length + 15) / 16;
        var input = new byte[blocks * 16];
        for (var i = 0; i < blocks; i++)
        {
            counter.CopyTo(input.AsSpan(i * 16));
            input[(i * 16) + 14] = (byte)(i >> 8);
            input[(i * 16) + 15] = (byte)i;
        }
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        var keystream = aes.EncryptEcb(input, PaddingMode.None);
        keystream.AsSpan(0, output.Length).CopyTo(output);
        CryptographicOperations.ZeroMemory(keystream);
    }
}
