using System.Diagnostics.CodeAnalysis;
using Sfu.Signaling.Http;

namespace Sfu.Signaling.Auth;

/// <summary>The outcome of verifying an access token: the grants, or the 401 to answer.</summary>
public readonly record struct TokenVerification
{
    /// <summary>The verified claims, when <see cref="IsValid"/>.</summary>
    public ClaimGrants? Grants { get; }

    /// <summary>The refusal, when not valid (always 401, with LiveKit's text).</summary>
    public HttpError Error { get; }

    /// <summary>Whether the token verified.</summary>
    [MemberNotNullWhen(true, nameof(Grants))]
    public bool IsValid => Grants is not null;

    private TokenVerification(ClaimGrants? grants, HttpError error)
    {
        Grants = grants;
        Error = error;
    }

    /// <summary>A verified token.</summary>
    public static TokenVerification Success(ClaimGrants grants) => new(grants ?? throw new ArgumentNullException(nameof(grants)), default);

    /// <summary>A refused token.</summary>
    public static TokenVerification Failure(HttpError error) => new(null, error);
}
