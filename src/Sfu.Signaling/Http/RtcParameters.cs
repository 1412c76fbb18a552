using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sfu.Signaling.Http;

/// <summary>
/// The request parameters as Go's <c>r.FormValue</c> sees them: a urlencoded form body first, then the
/// query string; the first value of a repeated name.
/// </summary>
public sealed class RtcParameters
{
    private readonly IFormCollection? _form;
    private readonly IQueryCollection _query;

    /// <summary>Parameters over a query string and an optional form.</summary>
    public RtcParameters(IQueryCollection query, IFormCollection? form = null)
    {
        _query = query ?? throw new ArgumentNullException(nameof(query));
        _form = form;
    }

    /// <summary>Parameters from a raw query string such as <c>?access_token=...&amp;auto_subscribe=1</c>.</summary>
    public static RtcParameters FromQueryString(string queryString) =>
        new(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString)));

    /// <summary>Reads the parameters of <paramref name="request"/> (the form only for urlencoded bodies).</summary>
    public static async ValueTask<RtcParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection? form = null;
        if (request.HasFormContentType && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException)
            {
                // A malformed or oversized body counts as no form, as Go's ParseForm error leaves FormValue empty.
                form = null;
            }
        }
        return new RtcParameters(request.Query, form);
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        if (_form is not null && _form.TryGetValue(name, out var formValue) && formValue.Count > 0) return formValue[0];
        return _query.TryGetValue(name, out StringValues value) && value.Count > 0 ? value[0] : null;
    }
}
