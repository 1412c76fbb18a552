using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Sfu.Signaling.Twirp;

/// <summary>
/// Twirp's two encodings (twirp spec v7 "Protocol"): <c>application/protobuf</c> bodies, and
/// <c>application/json</c> in protojson. Requests are read with unknown fields ignored (either field-name
/// style); JSON answers use the proto field names with default values written, as LiveKit's Go server does
/// (<c>UseProtoNames</c>, <c>EmitUnpopulated</c>).
/// </summary>
public static class TwirpCodec
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    /// <summary>The request's encoding: true for JSON, false for protobuf, null for anything else (a bad_route).</summary>
    public static bool? IsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var type = request.ContentType ?? "";
        var semicolon = type.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0) type = type[..semicolon];
        type = type.Trim();
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)) return true;
        if (type.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }

    /// <summary>Reads the body into a message of <paramref name="parser"/>'s type; an error when it is too large or does not decode.</summary>
    public static async Task<(T? Message, TwirpError? Error)> ReadAsync<T>(HttpRequest request, bool json, MessageParser<T> parser, long maxBytes, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        if (request.ContentLength > maxBytes) return (default, TwirpError.Malformed("the request body is too large"));
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (default, TwirpError.Malformed("the request body is too large"));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            if (!json) return (parser.ParseFrom(buffer.ToArray()), null);
            var text = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return (Parser.Parse<T>(text.Length == 0 ? "{}" : text), null);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException or ArgumentException)
        {
            return (default, TwirpError.Malformed("the json request could not be decoded: " + e.Message));
        }
    }

    /// <summary>Writes <paramref name="message"/> as a 200 in the request's encoding.</summary>
    public static Task WriteAsync(HttpResponse response, IMessage message, bool json)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(message);
        response.StatusCode = StatusCodes.Status200OK;
        if (json)
        {
            response.ContentType = "application/json";
            return response.WriteAsync(Formatter.Format(message));
        }
        response.ContentType = "application/protobuf";
        return response.Body.WriteAsync(message.ToByteArray()).AsTask();
    }
}
