using Microsoft.AspNetCore.Http;

namespace Sfu.Signaling.Http;

/// <summary>
/// Where a request carries its access token (server <c>pkg/service/auth.go</c>): an <c>Authorization</c>
/// header, which must then be <c>Bearer</c> (the Rust SDK and rtc-node), else the <c>access_token</c>
/// query or form value (the JS SDK).
/// </summary>
public static class AccessTokenSource
{
    private const string BearerPrefix = "Bearer ";
    private const string AccessTokenParameter = "access_token";

    /// <summary>
    /// The token, or null when the request carries none; false (with the 401 to send) when an Authorization
    /// header is present but not a Bearer one.
    /// </summary>
    public static async ValueTask<(bool Ok, string? Token, HttpError Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization;
        if (header.Count > 0 && !string.IsNullOrEmpty(header[0]))
        {
            var value = header[0]!;
            if (!value.StartsWith(BearerPrefix, StringComparison.Ordinal)) return (false, null, HttpError.MissingBearer);
            var token = value[BearerPrefix.Length..];
            return (true, token.Length == 0 ? null : token, default);
        }
        var parameters = await RtcParameters.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        var fromParameters = parameters.Get(AccessTokenParameter);
        return (true, string.IsNullOrEmpty(fromParameters) ? null : fromParameters, default);
    }
}
