using System.Diagnostics.CodeAnalysis;

namespace Sfu.Core.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;XX:XX:...&gt;</c> (RFC 8122 section 5): the hash of the peer's DTLS
/// certificate. The DTLS layer must compare the certificate it receives with this, or the session has no
/// security at all (docs security.md rows 2 and 14).
/// </summary>
public sealed class SdpFingerprint : IEquatable<SdpFingerprint>
{
    private readonly byte[] _hash;

    /// <summary>A fingerprint from an algorithm name (e.g. <c>sha-256</c>) and the hash bytes.</summary>
    public SdpFingerprint(string algorithm, ReadOnlySpan<byte> hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        if (hash.IsEmpty || hash.Length > 64) throw new ArgumentException("A fingerprint hash is 1-64 bytes.", nameof(hash));
        Algorithm = algorithm.ToLowerInvariant();
        _hash = hash.ToArray();
    }

    /// <summary>Lower-case hash function name as registered by IANA (<c>sha-256</c>, <c>sha-1</c>, ...).</summary>
    public string Algorithm { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>Parses the value of <c>a=fingerprint:</c>. Known algorithms must have their exact hash length.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrEmpty(value) || value.Length > 512) return false;
        var w = SdpText.Words(value);
        if (w.Length != 2 || !SdpText.IsToken(w[0], 32)) return false;
        var hex = w[1];
        // XX:XX:...:XX is 3n-1 characters.
        if ((hex.Length + 1) % 3 != 0) return false;
        var n = (hex.Length + 1) / 3;
        if (n is < 1 or > 64) return false;
        var bytes = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var p = i * 3;
            if (i > 0 && hex[p - 1] != ':') return false;
            if (!char.IsAsciiHexDigit(hex[p]) || !char.IsAsciiHexDigit(hex[p + 1])) return false;
            bytes[i] = (byte)((HexValue(hex[p]) << 4) | HexValue(hex[p + 1]));
        }
        var algorithm = w[0].ToLowerInvariant();
        var expected = algorithm switch
        {
            "sha-1" => 20,
            "sha-224" => 28,
            "sha-256" => 32,
            "sha-384" => 48,
            "sha-512" => 64,
            "md5" or "md2" => 16,
            _ => 0,
        };
        if (expected != 0 && expected != n) return false;
        fingerprint = new SdpFingerprint(algorithm, bytes);
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>True when <paramref name="hash"/> (computed by the caller with <see cref="Algorithm"/>) equals this fingerprint, in constant time.</summary>
    public bool Matches(ReadOnlySpan<byte> hash) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hash, _hash);

    /// <summary>The value of <c>a=fingerprint:</c>, upper-case hex as browsers write it.</summary>
    public override string ToString() => Algorithm + " " + Convert.ToHexString(_hash).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);

    /// <inheritdoc/>
    public bool Equals(SdpFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && other._hash.AsSpan().SequenceEqual(_hash);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SdpFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Algorithm, _hash.Length, _hash[0]);
}
