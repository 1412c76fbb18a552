using System.Security.Cryptography;

namespace Sfu.Transport.Dtls;

/// <summary>
/// A certificate fingerprint as SDP carries it (<c>a=fingerprint:sha-256 AB:CD:...</c>): a hash function
/// name and the digest of the DER certificate.
/// </summary>
/// <remarks>
/// RFC 8122 §5: <c>fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint</c>, the fingerprint
/// being upper-case hex pairs separated by colons (parsing accepts either case). RFC 8122 §5 also says
/// sha-256 is the one to use; sha-1, sha-384 and sha-512 are accepted when a peer sends them, weaker and
/// unknown functions (md5, md2, sha-224) are refused.
/// </remarks>
public sealed class DtlsFingerprint
{
    private readonly byte[] _digest;

    private DtlsFingerprint(HashAlgorithmName algorithm, string algorithmToken, byte[] digest)
    {
        Algorithm = algorithm;
        AlgorithmToken = algorithmToken;
        _digest = digest;
    }

    /// <summary>The hash function.</summary>
    public HashAlgorithmName Algorithm { get; }

    /// <summary>The SDP hash-func token, lower case (e.g. "sha-256").</summary>
    public string AlgorithmToken { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Digest => _digest;

    /// <summary>The fingerprint of a DER certificate with the given hash ("sha-256" by default).</summary>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithmToken = "sha-256")
    {
        if (!TryMapAlgorithm(algorithmToken, out var algorithm, out var length, out var token))
            throw new ArgumentException("unsupported fingerprint hash: " + algorithmToken, nameof(algorithmToken));
        var digest = new byte[length];
        Hash(algorithm, certificateDer, digest);
        return new DtlsFingerprint(algorithm, token, digest);
    }

    /// <summary>
    /// Parses the value of an <c>a=fingerprint</c> attribute (hash function, one space, hex pairs). Returns
    /// false for an unknown hash, a digest of the wrong length, or malformed hex; never throws.
    /// </summary>
    public static bool TryParse(string? value, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrEmpty(value)) return false;
        var text = value.AsSpan().Trim();
        var space = text.IndexOf(' ');
        if (space <= 0) return false;
        if (!TryMapAlgorithm(text[..space].ToString(), out var algorithm, out var length, out var token)) return false;
        var hex = text[(space + 1)..].Trim();
        // Each byte is two hex digits, bytes separated by one colon: 3n - 1 characters.
        if (hex.Length != (3 * length) - 1) return false;
        var digest = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var at = 3 * i;
            if (i > 0 && hex[at - 1] != ':') return false;
            var high = HexValue(hex[at]);
            var low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0) return false;
            digest[i] = (byte)((high << 4) | low);
        }
        fingerprint = new DtlsFingerprint(algorithm, token, digest);
        return true;
    }

    /// <summary>
    /// True when the DER certificate hashes to this fingerprint with this fingerprint's hash function.
    /// The comparison is constant-time.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> computed = stackalloc byte[64];
        computed = computed[.._digest.Length];
        Hash(Algorithm, certificateDer, computed);
        return CryptographicOperations.FixedTimeEquals(computed, _digest);
    }

    /// <summary>The SDP form: "sha-256 AB:CD:...", upper-case hex as RFC 8122 §5 writes it.</summary>
    public override string ToString()
    {
        var chars = new char[AlgorithmToken.Length + 1 + (3 * _digest.Length) - 1];
        AlgorithmToken.CopyTo(0, chars, 0, AlgorithmToken.Length);
        var at = AlgorithmToken.Length;
        chars[at++] = ' ';
        for (var i = 0; i < _digest.Length; i++)
        {
            if (i > 0) chars[at++] = ':';
            chars[at++] = "0123456789ABCDEF"[_digest[i] >> 4];
            chars[at++] = "0123456789ABCDEF"[_digest[i] & 0xF];
        }
        return new string(chars);
    }

    private static bool TryMapAlgorithm(string token, out HashAlgorithmName algorithm, out int length, out string canonical)
    {
        canonical = token.ToLowerInvariant();
        (algorithm, length) = canonical switch
        {
            "sha-1" => (HashAlgorithmName.SHA1, 20),
            "sha-256" => (HashAlgorithmName.SHA256, 32),
            "sha-384" => (HashAlgorithmName.SHA384, 48),
            "sha-512" => (HashAlgorithmName.SHA512, 64),
            _ => (default, 0),
        };
        return length > 0;
    }

    private static void Hash(HashAlgorithmName algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
#pragma warning disable CA5350 // SHA-1 only verifies a peer's sha-1 fingerprint when the peer's SDP chose it (RFC 8122 §5 allows it).
        if (algorithm == HashAlgorithmName.SHA1) SHA1.HashData(data, destination);
#pragma warning restore CA5350
        else if (algorithm == HashAlgorithmName.SHA256) SHA256.HashData(data, destination);
        else if (algorithm == HashAlgorithmName.SHA384) SHA384.HashData(data, destination);
        else SHA512.HashData(data, destination);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
