using System.Diagnostics.CodeAnalysis;

namespace Sfu.Signaling.Http;

/// <summary>The outcome of validating a connect request: the request, or the status and text to answer before any upgrade.</summary>
public readonly record struct RtcConnectValidation
{
    /// <summary>The validated request, when <see cref="IsValid"/>.</summary>
    public RtcConnectRequest? Request { get; }

    /// <summary>The refusal, when not valid.</summary>
    public HttpError Error { get; }

    /// <summary>Whether the request may be upgraded.</summary>
    [MemberNotNullWhen(true, nameof(Request))]
    public bool IsValid => Request is not null;

    private RtcConnectValidation(RtcConnectRequest? request, HttpError error)
    {
        Request = request;
        Error = error;
    }

    /// <summary>A valid request.</summary>
    public static RtcConnectValidation Success(RtcConnectRequest request) => new(request ?? throw new ArgumentNullException(nameof(request)), default);

    /// <summary>A refused request.</summary>
    public static RtcConnectValidation Failure(HttpError error) => new(null, error);
}
