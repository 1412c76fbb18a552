using System.Security.Cryptography;
using System.Text;

namespace Sfu.Transport.Ice;

/// <summary>An ICE username fragment and password (one side's, as written in SDP a=ice-ufrag / a=ice-pwd).</summary>
/// <remarks>
/// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; the ufrag is 4..256 chars and carries at least 24
/// bits of randomness, the password 22..256 chars with at least 128 bits (RFC 8445 §5.3).
/// </remarks>
public sealed class IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Wraps given credentials (from SDP or configuration).</summary>
    public IceCredentials(string ufrag, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (!IsIceChars(ufrag) || !IsIceChars(password)) throw new ArgumentException("ICE credentials use ice-char only (RFC 8839 §5.4).");
        Ufrag = ufrag;
        Password = password;
        UfragBytes = Encoding.ASCII.GetBytes(ufrag);
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The username fragment.</summary>
    public string Ufrag { get; }

    /// <summary>The password (the short-term credential key of MESSAGE-INTEGRITY, RFC 8489 §9.1.1).</summary>
    public string Password { get; }

    /// <summary>The ufrag as ASCII bytes (compared against USERNAME without allocating).</summary>
    public byte[] UfragBytes { get; }

    /// <summary>The password as bytes (the HMAC key).</summary>
    public byte[] PasswordBytes { get; }

    /// <summary>Fresh random credentials: 8-char ufrag (48 bits) and 24-char password (144 bits).</summary>
    public static IceCredentials Generate() => new(Random(8), Random(24));

    private static string Random(int length) => RandomNumberGenerator.GetString(IceChars, length);

    private static bool IsIceChars(string value)
    {
        if (value.Length > 256) return false;
        foreach (var c in value)
            if (!IceChars.Contains(c, StringComparison.Ordinal)) return false;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Ufrag; // never the password
}
