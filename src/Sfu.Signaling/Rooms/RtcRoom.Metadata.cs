using System.Text;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Rooms;

public sealed partial class RtcRoom
{
    /// <summary>
    /// UpdateParticipantMetadata: applied only with canUpdateOwnMetadata (else RequestResponse NOT_ALLOWED, the
    /// session goes on), within the metadata, name and attribute size limits (else LIMIT_EXCEEDED, nothing
    /// applied). An empty attribute value deletes the key. The change reaches everyone (the sender too) as a
    /// ParticipantUpdate; a request_id is answered with OK. Lock held.
    /// </summary>
    /// <remarks>LiveKit pkg/rtc/participant.go UpdateMetadata / CheckMetadataLimits, and the RequestResponse reasons of protocol 15+.</remarks>
    private void OnUpdateMetadata(RtcParticipant p, UpdateParticipantMetadata req)
    {
        if (!p.Video.AllowsUpdateOwnMetadata)
        {
            p.Send(MetadataResponse(req, RequestResponse.Types.Reason.NotAllowed, "does not have permission to update own metadata"));
            return;
        }
        var attributes = new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal);
        foreach (var (k, v) in req.Attributes)
        {
            if (v.Length == 0) attributes.Remove(k);
            else attributes[k] = v;
        }
        if (ExceededMetadataLimit(_options, req.Metadata, req.Name, attributes) is { } limit)
        {
            p.Send(MetadataResponse(req, RequestResponse.Types.Reason.LimitExceeded, limit));
            return;
        }
        // LiveKit applies a field only when it is set: empty metadata or name leaves the current value.
        var changed = false;
        if (req.Metadata.Length > 0 && req.Metadata != p.Metadata)
        {
            p.Metadata = req.Metadata;
            changed = true;
        }
        if (req.Name.Length > 0 && req.Name != p.Name)
        {
            p.Name = req.Name;
            changed = true;
        }
        if (attributes.Count != p.Attributes.Count || attributes.Any(kv => !p.Attributes.TryGetValue(kv.Key, out var old) || old != kv.Value))
        {
            p.Attributes.Clear();
            foreach (var (k, v) in attributes) p.Attributes[k] = v;
            changed = true;
        }
        if (changed)
        {
            Announce(p);
            SendUpdate(p, p.BuildInfo()); // the sender learns its new version too
        }
        if (req.RequestId != 0) p.Send(MetadataResponse(req, RequestResponse.Types.Reason.Ok, ""));
    }

    /// <summary>
    /// Which of limit.max_metadata_size, the name length and limit.max_attributes_size (keys and values, UTF-8
    /// bytes) the values exceed, as LiveKit words it; null within every limit. One rule for the participant's own
    /// UpdateParticipantMetadata and RoomService UpdateParticipant.
    /// </summary>
    public static string? ExceededMetadataLimit(RtcSessionOptions options, string metadata, string name, IEnumerable<KeyValuePair<string, string>> attributes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(attributes);
        var attributeBytes = 0L;
        foreach (var (k, v) in attributes) attributeBytes += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v);
        if (options.MaxMetadataSize > 0 && Encoding.UTF8.GetByteCount(metadata) > options.MaxMetadataSize) return "metadata size exceeds limits";
        if (options.MaxNameLength > 0 && Encoding.UTF8.GetByteCount(name) > options.MaxNameLength) return "name length exceeds limits";
        if (options.MaxAttributesSize > 0 && attributeBytes > options.MaxAttributesSize) return "attributes size exceeds limits";
        return null;
    }

    private static SignalResponse MetadataResponse(UpdateParticipantMetadata req, RequestResponse.Types.Reason reason, string message) => new()
    {
        RequestResponse = new RequestResponse { RequestId = req.RequestId, Reason = reason, Message = message, UpdateMetadata = req.Clone() },
    };
}
