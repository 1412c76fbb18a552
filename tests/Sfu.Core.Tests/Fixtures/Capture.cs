using System.Text.Json;

namespace Sfu.Core.Tests.Captures;

/// <summary>One capture fixture (capture/*.json) loaded with System.Text.Json; see the capture README for the fields.</summary>
public sealed class Capture
{
    private Capture(string name, JsonElement root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The file name, for test display.</summary>
    public string Name { get; }

    /// <summary>The whole JSON document.</summary>
    public JsonElement Root { get; }

    /// <summary>Every capture file, loaded once.</summary>
    public static IReadOnlyList<Capture> All => s_all.Value;

    private static readonly Lazy<IReadOnlyList<Capture>> s_all = new(LoadAll);

    /// <summary>The file names, as xUnit theory data.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in All) data.Add(c.Name);
            return data;
        }
    }

    /// <summary>The capture with this file name.</summary>
    public static Capture Get(string name) => All.Single(c => c.Name == name);

    /// <summary>The ICE password the server answered with (the MESSAGE-INTEGRITY key of Chromium's requests).</summary>
    public string ServerPassword => Root.GetProperty("ice").GetProperty("server_pwd").GetString()!;

    /// <summary>The elements of a top-level array such as <c>srtp_packets</c>.</summary>
    public IEnumerable<JsonElement> Array(string name) => Root.GetProperty(name).EnumerateArray();

    /// <summary>Negotiated extension id to URI.</summary>
    public IReadOnlyDictionary<int, string> ExtensionMap =>
        Root.GetProperty("negotiated_extmap").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetString()!);

    private static List<Capture> LoadAll()
    {
        var list = new List<Capture>();
        foreach (var path in Sfu.Tests.Shared.Fixtures.Files("capture", "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            list.Add(new Capture(System.IO.Path.GetFileName(path), doc.RootElement.Clone()));
        }
        Assert.NotEmpty(list);
        return list;
    }
}
