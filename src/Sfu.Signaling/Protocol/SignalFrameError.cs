namespace Sfu.Signaling.Protocol;

/// <summary>Why a WebSocket frame did not yield a SignalRequest.</summary>
public enum SignalFrameError
{
    /// <summary>Decoded.</summary>
    None = 0,
    /// <summary>Larger than the configured limit (LiveKit <c>limit.signal_message_size_limit</c>, 2 MiB; close with 1009).</summary>
    TooLarge,
    /// <summary>Not a protobuf SignalRequest (binary frame) or not protojson of one (text frame).</summary>
    Malformed,
    /// <summary>Text frame that is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>Well-formed, but no oneof case this build knows is set (an empty or newer message): ignore it.</summary>
    NoMessage,
}
