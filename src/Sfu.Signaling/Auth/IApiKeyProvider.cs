namespace Sfu.Signaling.Auth;

/// <summary>Looks up the HMAC secret of an API key (the token's <c>iss</c>).</summary>
public interface IApiKeyProvider
{
    /// <summary>The UTF-8 bytes of the secret of <paramref name="apiKey"/>, or false when the key is unknown.</summary>
    bool TryGetSecret(string apiKey, out ReadOnlyMemory<byte> secret);
}
