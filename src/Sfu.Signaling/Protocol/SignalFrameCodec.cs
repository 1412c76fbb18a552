using System.Text;
using System.Text.Unicode;
using Google.Protobuf;

namespace Sfu.Signaling.Protocol;

/// <summary>
/// One SignalRequest / SignalResponse per WebSocket message: protobuf in binary frames, protojson in text
/// frames (server <c>pkg/service/wsprotocol.go</c>). A server answers in JSON once the client has sent a
/// text frame. Decoding never throws on client input.
/// </summary>
/// <remarks>
/// JSON is read with unknown fields ignored (newer clients) and written as Go's <c>protojson.Marshal</c>
/// does: lowerCamelCase names, default values omitted, int64 as strings, enums by name.
/// </remarks>
public static class SignalFrameCodec
{
    /// <summary>LiveKit's default inbound signal message limit (2 MiB).</summary>
    public const int DefaultMaxMessageSize = 2 * 1024 * 1024;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(64));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>Decodes a client frame.</summary>
    public static SignalFrameError TryDecodeRequest(ReadOnlySpan<byte> frame, bool isText, out SignalRequest? request, int maxMessageSize = DefaultMaxMessageSize)
    {
        request = null;
        if (frame.Length > maxMessageSize) return SignalFrameError.TooLarge;
        SignalRequest parsed;
        try
        {
            if (isText)
            {
                if (!Utf8.IsValid(frame)) return SignalFrameError.InvalidUtf8;
                parsed = Parser.Parse<SignalRequest>(Encoding.UTF8.GetString(frame));
            }
            else
            {
                parsed = SignalRequest.Parser.ParseFrom(frame);
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return SignalFrameError.Malformed;
        }
        catch (InvalidJsonException)
        {
            return SignalFrameError.Malformed;
        }
        catch (FormatException)
        {
            // JsonParser reports some bad values (numbers, base64, timestamps) this way.
            return SignalFrameError.Malformed;
        }
        catch (OverflowException)
        {
            return SignalFrameError.Malformed;
        }
        if (parsed.MessageCase == SignalRequest.MessageOneofCase.None) return SignalFrameError.NoMessage;
        request = parsed;
        return SignalFrameError.None;
    }

    /// <summary>A response as a binary frame.</summary>
    public static byte[] EncodeBinary(SignalResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.ToByteArray();
    }

    /// <summary>A response as protojson for a text frame.</summary>
    public static string EncodeJson(SignalResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Formatter.Format(response);
    }

    /// <summary>A response as UTF-8 protojson bytes for a text frame.</summary>
    public static byte[] EncodeJsonUtf8(SignalResponse response) => Encoding.UTF8.GetBytes(EncodeJson(response));
}
