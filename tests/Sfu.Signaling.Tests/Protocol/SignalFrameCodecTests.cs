using System.Text;
using CsCheck;
using Google.Protobuf;
using Sfu.Signaling.Protocol;

namespace Sfu.Signaling.Tests.Protocol;

/// <summary>Client frames decode from binary or protojson text, bad frames are refused with a reason and never throw.</summary>
public class SignalFrameCodecTests
{
    private static readonly SignalRequest Trickle = new()
    {
        Trickle = new TrickleRequest { CandidateInit = """{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0","sdpMLineIndex":0}""", Target = SignalTarget.Publisher },
    };

    [Fact]
    public void Binary_frame_decodes()
    {
        Assert.Equal(SignalFrameError.None, SignalFrameCodec.TryDecodeRequest(Trickle.ToByteArray(), isText: false, out var req));
        Assert.Equal(Trickle, req);
    }

    [Fact]
    public void Text_frame_as_the_js_sdk_writes_it_decodes()
    {
        // protobuf-es toJson: camelCase, int64 as a string, unknown future fields present.
        var json = """{"pingReq":{"timestamp":"1764380000123","rtt":"12"},"newThing":{"a":[1,2]}}"""u8.ToArray();
        Assert.Equal(SignalFrameError.None, SignalFrameCodec.TryDecodeRequest(json, isText: true, out var req));
        Assert.Equal(1_764_380_000_123L, req!.PingReq.Timestamp);
        var snake = """{"add_track":{"cid":"c1","type":"VIDEO","source":"CAMERA","layers":[{"quality":"HIGH","rid":"f"}]}}"""u8.ToArray();
        Assert.Equal(SignalFrameError.None, SignalFrameCodec.TryDecodeRequest(snake, isText: true, out req));
        Assert.Equal(TrackSource.Camera, req!.AddTrack.Source);
        Assert.Equal("f", req.AddTrack.Layers[0].Rid);
    }

    [Fact]
    public void Response_json_is_protojson_with_camelCase_names_and_omitted_defaults()
    {
        var res = new SignalResponse { PongResp = new Pong { LastPingTimestamp = 5, Timestamp = 0 } };
        Assert.Equal("""{ "pongResp": { "lastPingTimestamp": "5" } }""", SignalFrameCodec.EncodeJson(res));
        Assert.Equal(res, SignalResponse.Parser.ParseFrom(SignalFrameCodec.EncodeBinary(res)));
        Assert.Equal(res, new JsonParser(JsonParser.Settings.Default).Parse<SignalResponse>(Encoding.UTF8.GetString(SignalFrameCodec.EncodeJsonUtf8(res))));
    }

    [Fact]
    public void Oversized_frames_are_refused_before_parsing()
    {
        var big = new SignalRequest { Offer = new SessionDescription { Type = "offer", Sdp = new string('a', 3 * 1024 * 1024) } };
        Assert.Equal(SignalFrameError.TooLarge, SignalFrameCodec.TryDecodeRequest(big.ToByteArray(), false, out var req));
        Assert.Null(req);
        Assert.Equal(SignalFrameError.TooLarge, SignalFrameCodec.TryDecodeRequest(Trickle.ToByteArray(), false, out _, maxMessageSize: 10));
    }

    [Fact]
    public void Bad_frames_get_a_reason()
    {
        Assert.Equal(SignalFrameError.InvalidUtf8, SignalFrameCodec.TryDecodeRequest([0x7B, 0xC3, 0x28, 0x7D], true, out _));
        Assert.Equal(SignalFrameError.Malformed, SignalFrameCodec.TryDecodeRequest("{\"offer\":"u8, true, out _));
        Assert.Equal(SignalFrameError.Malformed, SignalFrameCodec.TryDecodeRequest("{\"ping\":\"soon\"}"u8, true, out _));
        Assert.Equal(SignalFrameError.Malformed, SignalFrameCodec.TryDecodeRequest([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], false, out _));
        Assert.Equal(SignalFrameError.NoMessage, SignalFrameCodec.TryDecodeRequest([], false, out _));
        Assert.Equal(SignalFrameError.NoMessage, SignalFrameCodec.TryDecodeRequest("{}"u8, true, out _));
        // Deeply nested JSON stays within the recursion limit instead of overflowing the stack.
        var deep = Encoding.UTF8.GetBytes("{\"syncState\":{\"answer\":" + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) + "}}");
        Assert.Equal(SignalFrameError.Malformed, SignalFrameCodec.TryDecodeRequest(deep, true, out _));
    }

    [Fact]
    public void Random_binary_and_text_frames_never_throw()
    {
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            _ = SignalFrameCodec.TryDecodeRequest(bytes, false, out _);
            _ = SignalFrameCodec.TryDecodeRequest(bytes, true, out _);
        }, iter: PropertyCases.Count);
    }

    [Fact]
    public void Mutated_real_frames_never_throw()
    {
        byte[][] seeds =
        [
            .. SignalMessageRoundTripTests.OneofCases().Select(row =>
            {
                var container = (string)row[0] == nameof(SignalRequest) ? SignalRequest.Descriptor : SignalResponse.Descriptor;
                return SampleMessages.WithOneofCase(container, container.FindFieldByName((string)row[1]), 1).ToByteArray();
            }),
        ];
        string[] jsonSeeds = [.. seeds.Take(20).Select(b => JsonFormatter.Default.Format(SignalRequest.Parser.ParseFrom(b)))];
        var gen = Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, 3], Gen.Int, Gen.Byte);
        gen.Sample((seedIndex, kind, position, value) =>
        {
            var frame = (byte[])seeds[seedIndex].Clone();
            var text = Encoding.UTF8.GetBytes(jsonSeeds[seedIndex % jsonSeeds.Length]);
            foreach (var (f, isText) in new[] { (frame, false), (text, true) })
            {
                if (f.Length == 0) continue;
                var p = (int)((uint)position % (uint)f.Length);
                byte[] mutated = kind switch
                {
                    0 => Flip(f, p, value),
                    1 => f[..p],
                    2 => [.. f[..p], value, .. f[p..]],
                    _ => [.. f, .. f[..p]],
                };
                _ = SignalFrameCodec.TryDecodeRequest(mutated, isText, out _);
            }
        }, iter: PropertyCases.Count);
    }

    private static byte[] Flip(byte[] f, int p, byte value)
    {
        f[p] ^= value == 0 ? (byte)1 : value;
        return f;
    }
}
