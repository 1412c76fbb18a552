using System.Text.Json;

namespace Sfu.Transport.Tests;

/// <summary>Reads the shared Chromium capture fixtures (see shared/fixtures/capture/README.md).</summary>
internal sealed class Capture
{
    private readonly JsonElement _root;

    private Capture(JsonElement root) => _root = root;

    public static Capture Load(string path) => new(JsonDocument.Parse(File.ReadAllBytes(path)).RootElement);

    public string Name => _root.GetProperty("name").GetString()!;

    public string ServerUfrag => _root.GetProperty("ice").GetProperty("server_ufrag").GetString()!;

    public string ServerPassword => _root.GetProperty("ice").GetProperty("server_pwd").GetString()!;

    public string ClientUfrag => _root.GetProperty("ice").GetProperty("client_ufrag").GetString()!;

    public string ChromiumEndpoint => _root.GetProperty("chromium_endpoint").GetString()!;

    public IReadOnlyList<byte[]> Hex(string array) =>
        [.. _root.GetProperty(array).EnumerateArray().Select(e => Convert.FromHexString(e.GetProperty("hex").GetString()!))];

    public IReadOnlyList<JsonElement> Items(string array) => [.. _root.GetProperty(array).EnumerateArray()];
}
