using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sfu.Signaling.Http;
using Sfu.Signaling.Protocol;
using Sfu.Signaling.Rooms;

namespace Sfu.Signaling.Rtc;

/// <summary>
/// The <c>/rtc</c> WebSocket (LiveKit v0, dual PeerConnection): the connect request is validated BEFORE
/// the upgrade (plain-text 401/400/404 as LiveKit answers them), then the participant joins its room and
/// two loops run: the reader decodes one SignalRequest per message (binary protobuf, or protojson for a
/// client that sends text) and hands it to the room; the writer drains the participant's queue.
/// </summary>
/// <remarks>
/// Threading: WebSocket I/O and protobuf on the thread pool; the room reaches media objects only through
/// its shard. The socket closing (or a leave) removes the participant.
/// </remarks>
public sealed class RtcSignalHandler
{
    private const int ReceiveChunk = 16 * 1024;

    private readonly RtcConnectValidator _validator;
    private readonly RtcRoomRegistry _rooms;
    private readonly ILogger _log;
    private readonly int _maxMessageSize;

    public RtcSignalHandler(RtcConnectValidator validator, RtcRoomRegistry rooms, ILogger log, int maxMessageSize = SignalFrameCodec.DefaultMaxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(log);
        _validator = validator;
        _rooms = rooms;
        _log = log;
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Serves one <c>/rtc</c> WebSocket request (the route already checked it is an upgrade).</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validation = await _validator.ValidateAsync(context.Request, strict: false, context.RequestAborted).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            await RtcEndpointRouteBuilderExtensions.WriteError(context.Response, validation.Error).ConfigureAwait(false);
            return;
        }
        if (_rooms.IsDraining)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("server is shutting down").ConfigureAwait(false);
            return;
        }
        var request = validation.Request;
        if (request.Reconnect && request.ParticipantSid is { Length: > 0 })
        {
            await ResumeAsync(context, request).ConfigureAwait(false);
            return;
        }
        // room.max_participants was checked by the validator (403 before the upgrade, LiveKit's text).
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        RtcParticipant? participant = null;
        var refusal = RtcJoinRefusal.RoomClosed;
        for (var attempt = 0; attempt < 3 && participant is null && refusal == RtcJoinRefusal.RoomClosed; attempt++)
            participant = _rooms.GetOrCreate(request.RoomName).Join(request, out refusal); // RoomClosed: the room closed meanwhile
        if (participant is null)
        {
            // Filled up between the check and the join: the socket closes with the same text.
            var text = refusal == RtcJoinRefusal.RoomFull ? RtcRoom.RoomFullMessage : "room unavailable";
            await socket.CloseAsync(refusal == RtcJoinRefusal.RoomFull ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.InternalServerError, text, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        RtcLog.Joined(_log, participant.Identity, participant.Sid, request.RoomName);
        await RunAsync(context, socket, participant, participant.Outgoing, 0, request).ConfigureAwait(false);
    }

    /// <summary>
    /// reconnect=1&amp;sid=: the participant resumes on this socket (its queue starts with ReconnectResponse), or,
    /// when it is unknown or gone, gets leave {STATE_MISMATCH, RECONNECT} so that the client joins afresh.
    /// </summary>
    private async Task ResumeAsync(HttpContext context, RtcConnectRequest request)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var room = _rooms.Find(request.RoomName);
        ChannelReader<SignalResponse>? outgoing = null;
        var generation = 0;
        var participant = room?.Resume(request, out outgoing, out generation);
        if (participant is null || outgoing is null)
        {
            _rooms.CountResumeRefused();
            var leave = new SignalResponse { Leave = new LeaveRequest { Reason = DisconnectReason.StateMismatch, Action = LeaveRequest.Types.Action.Reconnect, CanReconnect = true } };
            await socket.SendAsync(SignalFrameCodec.EncodeBinary(leave), WebSocketMessageType.Binary, true, context.RequestAborted).ConfigureAwait(false);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
            return;
        }
        RtcLog.Joined(_log, participant.Identity, participant.Sid, request.RoomName);
        await RunAsync(context, socket, participant, outgoing, generation, request).ConfigureAwait(false);
    }

    private async Task RunAsync(HttpContext context, WebSocket socket, RtcParticipant participant, ChannelReader<SignalResponse> outgoing, int generation, RtcConnectRequest request)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var session = new Session(socket);
        var writer = WriteLoopAsync(session, outgoing, cts.Token);
        var refresher = RefreshLoopAsync(participant, request, cts.Token);
        try
        {
            await ReadLoopAsync(session, participant, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            RtcLog.SocketEnded(_log, participant.Sid, ex.Message);
        }
        finally
        {
            // Without a leave the participant stays resumable for a while (RtcSessionOptions.ResumeWindow).
            participant.Room.SocketClosed(participant, generation);
        }
        // Let the writer flush the last messages (a leave), then close.
        await Task.WhenAny(writer, Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await writer.ConfigureAwait(false);
            await refresher.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The socket is gone: nothing left to say.
        }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                // Closed by the peer meanwhile.
            }
        }
        RtcLog.Left(_log, participant.Sid, participant.LeaveReason.ToString());
    }

    private sealed class Session(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        /// <summary>The client sent a text frame: answer in protojson from now on (LiveKit wsprotocol.go).</summary>
        public volatile bool UseJson;
    }

    private async Task ReadLoopAsync(Session session, RtcParticipant participant, CancellationToken ct)
    {
        var socket = session.Socket;
        var buffer = new byte[ReceiveChunk];
        using var message = new MemoryStream();
        while (participant.IsActive && socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return;
            if (message.Length + result.Count > _maxMessageSize)
            {
                RtcLog.BadFrame(_log, participant.Sid, SignalFrameError.TooLarge.ToString());
                await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too large", ct).ConfigureAwait(false);
                return;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var isText = result.MessageType == WebSocketMessageType.Text;
            if (isText) session.UseJson = true;
            var error = SignalFrameCodec.TryDecodeRequest(message.GetBuffer().AsSpan(0, (int)message.Length), isText, out var request, _maxMessageSize);
            message.SetLength(0);
            if (error != SignalFrameError.None || request is null)
            {
                RtcLog.BadFrame(_log, participant.Sid, error.ToString());
                continue;
            }
            try
            {
                participant.Room.Handle(participant, request);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException)
            {
                // One bad request must not end the session: refuse it and go on.
                RtcLog.RequestFailed(_log, ex, participant.Sid, request.MessageCase.ToString());
                participant.Send(new SignalResponse
                {
                    RequestResponse = new RequestResponse { Reason = RequestResponse.Types.Reason.UnclassifiedError, Message = request.MessageCase + ": " + ex.Message },
                });
            }
        }
    }

    private static async Task WriteLoopAsync(Session session, ChannelReader<SignalResponse> outgoing, CancellationToken ct)
    {
        var socket = session.Socket;
        await foreach (var response in outgoing.ReadAllAsync(ct).ConfigureAwait(false))
        {
            if (socket.State != WebSocketState.Open) return;
            if (session.UseJson)
                await socket.SendAsync(SignalFrameCodec.EncodeJsonUtf8(response), WebSocketMessageType.Text, true, ct).ConfigureAwait(false);
            else
                await socket.SendAsync(SignalFrameCodec.EncodeBinary(response), WebSocketMessageType.Binary, true, ct).ConfigureAwait(false);
        }
    }

    /// <summary>refresh_token every <see cref="RtcSessionOptions.TokenRefreshInterval"/> (LiveKit roommanager.go: TTL max(10 min, remaining)).</summary>
    private async Task RefreshLoopAsync(RtcParticipant participant, RtcConnectRequest request, CancellationToken ct)
    {
        var options = _rooms.Options;
        if (options.SecretForKey is null || options.SecretForKey(request.Grants.ApiKey) is not { } secret) return;
        using var timer = new PeriodicTimer(options.TokenRefreshInterval, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false) && participant.IsActive)
            {
                var now = options.Time.GetUtcNow();
                var remaining = request.Grants.ExpiresAt is { } exp ? exp - now : TimeSpan.Zero;
                var ttl = remaining > options.TokenRefreshTtl ? remaining : options.TokenRefreshTtl;
                var token = options.Mint(request.Grants.ApiKey, secret, request.Grants, now, ttl);
                participant.Send(new SignalResponse { RefreshToken = token });
            }
        }
        catch (OperationCanceledException)
        {
            // The participant left.
        }
    }
}
