using System.Collections.Frozen;
using System.Text;

namespace Sfu.Signaling.Auth;

/// <summary>
/// The <c>keys:</c> map of livekit.yaml (or <c>--keys</c>, or a key file), API key to secret. Any secret
/// length is accepted here: refusing short secrets outside <c>--dev</c> is the server's startup policy.
/// </summary>
public sealed class ApiKeyProvider : IApiKeyProvider
{
    private readonly FrozenDictionary<string, ReadOnlyMemory<byte>> _secrets;

    /// <summary>Keys from an api key -> secret map.</summary>
    public ApiKeyProvider(IReadOnlyDictionary<string, string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _secrets = keys
            .Where(kv => !string.IsNullOrEmpty(kv.Key) && !string.IsNullOrEmpty(kv.Value))
            .ToFrozenDictionary(kv => kv.Key, kv => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public bool TryGetSecret(string apiKey, out ReadOnlyMemory<byte> secret) => _secrets.TryGetValue(apiKey, out secret);
}
