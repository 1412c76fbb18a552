using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Tests.Protocol;

/// <summary>
/// The real proof that this project's .proto files speak LiveKit's wire format: messages encoded by
/// @livekit/protocol (protobuf-es, as bundled with livekit-server-sdk) decode here field by field, and
/// messages encoded here decode in node to the same protojson.
/// </summary>
public class LiveKitProtocolInteropTests
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(SampleMessages.Registry));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(SampleMessages.Registry));
    private static readonly Lazy<JsonArray> NodeSamples = new(() =>
        JsonNode.Parse(NodeInterop.Run(NodeInterop.TestScript("protocol-interop.js"), ["samples"]))!.AsArray());

    private static MessageDescriptor Descriptor(string typeName) =>
        SampleMessages.Registry.Find("livekit." + typeName) ?? throw new InvalidOperationException("no such message here: livekit." + typeName);

    [Fact]
    public void Messages_encoded_by_livekit_protocol_decode_here_field_by_field()
    {
        var samples = NodeSamples.Value;
        Assert.True(samples.Count >= 60, "node produced too few samples: " + samples.Count);
        foreach (var sample in samples)
        {
            var name = (string)sample!["name"]!;
            var descriptor = Descriptor((string)sample["type"]!);
            var bytes = Convert.FromBase64String((string)sample["binary"]!);
            var nodeJson = sample["json"]!;

            var fromBinary = descriptor.Parser.ParseFrom(bytes);
            AssertJsonEqual(name + " (binary decoded here, formatted here vs protobuf-es toJson)", nodeJson, JsonNode.Parse(Formatter.Format(fromBinary))!);

            var fromJson = Parser.Parse(nodeJson.ToJsonString(), descriptor);
            Assert.True(fromBinary.Equals(fromJson), name + ": protojson from node parses to a different message than its binary");

            // Re-encoding here and decoding again is lossless (byte lengths may differ: protobuf-es writes
            // empty map values that Google.Protobuf omits).
            Assert.Equal(fromBinary, descriptor.Parser.ParseFrom(fromBinary.ToByteArray()));
        }
    }

    [Fact]
    public void Join_response_from_node_has_the_fields_the_sdks_check()
    {
        var sample = NodeSamples.Value.First(s => (string)s!["name"]! == "SignalResponse.join")!;
        var res = SignalResponse.Parser.ParseFrom(Convert.FromBase64String((string)sample["binary"]!));
        Assert.Equal(SignalResponse.MessageOneofCase.Join, res.MessageCase);
        var join = res.Join;
        Assert.Equal("1.9.0", join.ServerInfo.Version);
        Assert.Equal(17, join.ServerInfo.Protocol);
        Assert.Equal(5, join.PingInterval);
        Assert.Equal(15, join.PingTimeout);
        Assert.True(join.SubscriberPrimary);
        Assert.Equal("PA_abcdEFGH1234", join.Participant.Sid);
        Assert.Equal("Alice Ünicode ✓", join.Participant.Name);
        Assert.Equal([TrackSource.Camera, TrackSource.ScreenShareAudio], join.Participant.Permission.CanPublishSources);
        Assert.Equal(ParticipantInfo.Types.State.Active, join.Participant.State);
        Assert.Equal(ParticipantInfo.Types.Kind.Agent, join.Participant.Kind);
        Assert.Equal("blue", join.Participant.Attributes["color"]);
        var track = join.Participant.Tracks.Single();
        Assert.Equal("TR_VCam1234abcd", track.Sid);
        Assert.Equal(TrackType.Video, track.Type);
        Assert.Equal("h", track.Codecs[0].Layers[0].Rid);
        Assert.Equal(VideoQuality.Medium, track.Codecs[0].Layers[0].Quality);
        Assert.Equal(VideoLayer.Types.Mode.OneSpatialLayerPerStream, track.Codecs[0].VideoLayerMode);
        Assert.Equal(1_764_380_000_123_456L, track.Version.UnixMicro);
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "stun:127.0.0.1:3478"], join.IceServers[0].Urls);
        Assert.Equal(ClientConfigSetting.Enabled, join.ClientConfiguration.ResumeConnection);
        Assert.Equal(new byte[] { 1, 2, 0, 255 }, join.SifTrailer.ToByteArray());
        Assert.Equal("video/H265", join.ClientConfiguration.DisabledCodecs.Publish[0].Mime);
    }

    [Fact]
    public void Trickle_and_data_packet_from_node_keep_their_payloads()
    {
        var trickle = SignalRequest.Parser.ParseFrom(Sample("SignalRequest.trickle")).Trickle;
        using (var candidate = JsonDocument.Parse(trickle.CandidateInit))
            Assert.Equal("0", candidate.RootElement.GetProperty("sdpMid").GetString());
        Assert.True(trickle.Final);
        Assert.Equal(SignalTarget.Subscriber, trickle.Target);

        var packet = DataPacket.Parser.ParseFrom(Sample("DataPacket.user"));
        Assert.Equal(DataPacket.ValueOneofCase.User, packet.ValueCase);
        Assert.Equal(new byte[] { 0, 1, 2, 250 }, packet.User.Payload.ToByteArray());
        Assert.Equal("chat", packet.User.Topic);
        Assert.True(packet.User.HasStartTime);
        Assert.Equal(12u, packet.Sequence);
        Assert.Equal(["bob"], packet.DestinationIdentities);

        var addTrack = SignalRequest.Parser.ParseFrom(Sample("SignalRequest.addTrack")).AddTrack;
        Assert.Equal("f", addTrack.Layers[1].Rid);
        Assert.Equal(2, addTrack.Layers[1].SpatialLayer);
        Assert.Equal(VideoQuality.High, addTrack.Layers[1].Quality);

        var rpc = DataPacket.Parser.ParseFrom(Sample("DataPacket.rpcResponse"));
        Assert.Equal(1500u, rpc.RpcResponse.Error.Code);
    }

    [Fact]
    public void Every_signal_case_encoded_here_decodes_in_node_to_the_same_protojson()
    {
        var items = new List<(string Type, IMessage Message)>();
        foreach (var container in new[] { SignalRequest.Descriptor, SignalResponse.Descriptor })
            foreach (var f in container.Oneofs.Single().Fields)
                for (var seed = 0; seed < 2; seed++)
                    items.Add((container.Name, SampleMessages.WithOneofCase(container, f, seed)));
        foreach (var name in new[] { "JoinResponse", "ParticipantInfo", "TrackInfo", "DataPacket", "JoinRequest", "WrappedJoinRequest", "WebhookEvent", "RoomConfiguration", "UpdateParticipantRequest", "CreateRoomRequest", "SendDataRequest" })
            for (var seed = 0; seed < 13; seed++)
                items.Add((name, SampleMessages.Filled(Descriptor(name), seed)));
        var request = new JsonArray(items.Select(i => (JsonNode)new JsonObject
        {
            ["type"] = i.Type,
            ["binary"] = Convert.ToBase64String(i.Message.ToByteArray()),
        }).ToArray());

        var decoded = JsonNode.Parse(NodeInterop.Run(NodeInterop.TestScript("protocol-interop.js"), ["decode"], request.ToJsonString()))!.AsArray();
        Assert.Equal(items.Count, decoded.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var here = JsonNode.Parse(Formatter.Format(items[i].Message))!;
            AssertJsonEqual($"{items[i].Type} #{i} (encoded here, decoded by protobuf-es)", here, decoded[i]!["json"]!);
        }
    }

    [Fact]
    public void Schema_matches_livekit_protocol_field_by_field()
    {
        var messages = SampleMessages.AllMessages().ToList();
        var enums = SampleMessages.AllEnums().ToList();
        // @livekit/protocol exports nested types as Outer_Inner.
        static string ExportName(string fullName) => fullName["livekit.".Length..].Replace('.', '_');
        var names = messages.Select(m => ExportName(m.FullName)).Concat(enums.Select(e => ExportName(e.FullName)));
        var theirs = JsonNode.Parse(NodeInterop.Run(NodeInterop.TestScript("protocol-interop.js"), ["schema", .. names]))!.AsObject();

        // Messages written minimal on purpose (see the .proto comments): ours must be a subset of theirs.
        var minimal = new HashSet<string>(StringComparer.Ordinal)
        {
            "livekit.DataTrackInfo", "livekit.PublishDataTrackRequest", "livekit.UpdateDataSubscription.Update", "livekit.DataBlobKey",
            "livekit.RoomEgress", "livekit.RoomCompositeEgressRequest", "livekit.AutoParticipantEgress", "livekit.AutoTrackEgress",
            "livekit.EgressInfo", "livekit.IngressInfo", "livekit.Job",
        };
        var problems = new List<string>();
        foreach (var m in messages)
        {
            if (theirs[m.FullName] is not JsonObject t) { problems.Add(m.FullName + ": not in @livekit/protocol"); continue; }
            var theirFields = t["fields"]!.AsArray().ToDictionary(f => (int)f!["no"]!, f => f!);
            foreach (var f in m.Fields.InFieldNumberOrder())
            {
                if (!theirFields.TryGetValue(f.FieldNumber, out var tf)) { problems.Add($"{m.FullName}.{f.Name} = {f.FieldNumber}: no such number there"); continue; }
                Check(problems, m, f, "name", (string)tf["name"]!, f.Name);
                Check(problems, m, f, "jsonName", (string)tf["jsonName"]!, f.JsonName);
                Check(problems, m, f, "repeated", (bool)tf["repeated"]! ? "yes" : "no", f.IsRepeated && !f.IsMap ? "yes" : "no");
                Check(problems, m, f, "oneof", (string?)tf["oneof"] ?? "-", f.RealContainingOneof?.Name ?? "-");
                Check(problems, m, f, "type", TheirType(tf), OurType(f));
            }
            if (!minimal.Contains(m.FullName))
                foreach (var missing in theirFields.Keys.Except(m.Fields.InFieldNumberOrder().Select(f => f.FieldNumber)))
                    problems.Add($"{m.FullName}: field {missing} ({theirFields[missing]["name"]}) missing here");
        }
        foreach (var e in enums)
        {
            if (theirs[e.FullName] is not JsonObject t) { problems.Add(e.FullName + ": not in @livekit/protocol"); continue; }
            var theirValues = t["values"]!.AsArray().ToDictionary(v => (int)v!["no"]!, v => (string)v!["name"]!);
            var ours = e.Values.ToDictionary(v => v.Number, v => v.Name);
            if (!theirValues.OrderBy(kv => kv.Key).SequenceEqual(ours.OrderBy(kv => kv.Key)))
                problems.Add($"{e.FullName}: values differ: ours {string.Join(',', ours)} theirs {string.Join(',', theirValues)}");
        }
        Assert.True(problems.Count == 0, "schema differences:\n" + string.Join('\n', problems));
    }

    private static void Check(List<string> problems, MessageDescriptor m, FieldDescriptor f, string what, string theirs, string ours)
    {
        if (!string.Equals(theirs, ours, StringComparison.Ordinal))
            problems.Add($"{m.FullName}.{f.Name} ({f.FieldNumber}) {what}: ours {ours}, theirs {theirs}");
    }

    private static string TheirType(JsonNode f) => (string)f["kind"]! switch
    {
        "scalar" => "scalar:" + (int)f["scalar"]!,
        "enum" => "enum:" + (string)f["typeName"]!,
        "message" => "message:" + (string)f["typeName"]!,
        "map" => $"map:{(int)f["mapKey"]!}:" + ((string?)f["typeName"] ?? "scalar:" + (int)f["scalar"]!),
        var k => "?" + k,
    };

    private static string OurType(FieldDescriptor f)
    {
        if (f.IsMap)
        {
            var key = f.MessageType.FindFieldByNumber(1);
            var value = f.MessageType.FindFieldByNumber(2);
            var v = value.FieldType switch
            {
                FieldType.Message => value.MessageType.FullName,
                FieldType.Enum => value.EnumType.FullName,
                _ => "scalar:" + (int)value.ToProto().Type,
            };
            return $"map:{(int)key.ToProto().Type}:{v}";
        }
        return f.FieldType switch
        {
            FieldType.Message => "message:" + f.MessageType.FullName,
            FieldType.Enum => "enum:" + f.EnumType.FullName,
            _ => "scalar:" + (int)f.ToProto().Type,
        };
    }

    private static byte[] Sample(string name) =>
        Convert.FromBase64String((string)NodeSamples.Value.First(s => (string)s!["name"]! == name)!["binary"]!);

    private static void AssertJsonEqual(string what, JsonNode expected, JsonNode actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
            Assert.Fail($"{what} differs:\n expected {expected.ToJsonString()}\n actual   {actual.ToJsonString()}");
    }
}
