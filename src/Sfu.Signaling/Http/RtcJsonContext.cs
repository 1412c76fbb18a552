using System.Text.Json.Serialization;

namespace Sfu.Signaling.Http;

/// <summary>Source-generated JSON for the rtc query parameters (the <c>attributes</c> map).</summary>
[JsonSourceGenerationOptions(MaxDepth = 8)]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RtcJsonContext : JsonSerializerContext;
