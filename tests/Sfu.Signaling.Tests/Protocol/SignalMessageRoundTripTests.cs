using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Tests.Protocol;

/// <summary>Every SignalRequest / SignalResponse oneof case survives binary and protojson round trips.</summary>
public class SignalMessageRoundTripTests
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(SampleMessages.Registry));

    public static TheoryData<string, string> OneofCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var container in new[] { SignalRequest.Descriptor, SignalResponse.Descriptor })
            foreach (var f in container.Oneofs.Single().Fields)
                data.Add(container.Name, f.Name);
        return data;
    }

    [Fact]
    public void Oneofs_list_every_documented_case()
    {
        // livekit-protocol.md section 2.1: requests 1-8, 10-23; responses 1-6, 8-31.
        int[] requests = [1, 2, 3, 4, 5, 6, 7, 8, .. Enumerable.Range(10, 14)];
        int[] responses = [1, 2, 3, 4, 5, 6, .. Enumerable.Range(8, 24)];
        Assert.Equal(requests, SignalRequest.Descriptor.Oneofs.Single().Fields.Select(f => f.FieldNumber).Order());
        Assert.Equal(responses, SignalResponse.Descriptor.Oneofs.Single().Fields.Select(f => f.FieldNumber).Order());
    }

    [Theory]
    [MemberData(nameof(OneofCases))]
    public void Oneof_case_round_trips_through_binary_and_protojson(string container, string caseName)
    {
        var descriptor = container == nameof(SignalRequest) ? SignalRequest.Descriptor : SignalResponse.Descriptor;
        var field = descriptor.FindFieldByName(caseName);
        for (var seed = 0; seed < 3; seed++)
        {
            var original = SampleMessages.WithOneofCase(descriptor, field, seed);
            Assert.Equal(field.FieldNumber, CaseNumber(original));

            var bytes = original.ToByteArray();
            var fromBinary = descriptor.Parser.ParseFrom(bytes);
            Assert.Equal(original, fromBinary);

            // protojson as the JS SDK writes it (camelCase, defaults omitted) and as Twirp answers (proto names, defaults emitted).
            foreach (var formatter in new[]
            {
                new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(SampleMessages.Registry)),
                new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true).WithTypeRegistry(SampleMessages.Registry)),
            })
            {
                var json = formatter.Format(original);
                var fromJson = Parser.Parse(json, descriptor);
                Assert.Equal(original, fromJson);
            }
        }
    }

    [Fact]
    public void Protojson_parse_ignores_unknown_fields_and_keeps_known_ones()
    {
        const string json = """{"pingReq":{"timestamp":"1764380000123","rtt":"40","futureField":{"x":1}},"somethingNew":true}""";
        var req = Parser.Parse<SignalRequest>(json);
        Assert.Equal(SignalRequest.MessageOneofCase.PingReq, req.MessageCase);
        Assert.Equal(1_764_380_000_123L, req.PingReq.Timestamp);
        Assert.Equal(40L, req.PingReq.Rtt);
    }

    [Fact]
    public void Trickle_uses_the_camelCase_wire_name_candidateInit()
    {
        var req = new SignalRequest { Trickle = new TrickleRequest { CandidateInit = "{}", Target = SignalTarget.Subscriber } };
        var json = JsonNode.Parse(JsonFormatter.Default.Format(req))!;
        Assert.Equal("{}", (string?)json["trickle"]!["candidateInit"]);
        Assert.Equal("SUBSCRIBER", (string?)json["trickle"]!["target"]);
        var protoNames = JsonNode.Parse(new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true)).Format(req))!;
        Assert.Equal("{}", (string?)protoNames["trickle"]!["candidateInit"]);
    }

    private static int CaseNumber(IMessage m)
    {
        var oneof = m.Descriptor.Oneofs.Single();
        return oneof.Accessor.GetCaseFieldDescriptor(m)!.FieldNumber;
    }
}
