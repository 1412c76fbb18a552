namespace Sfu.Server.Configuration;

/// <summary>The <c>webhook</c> section: where room events are posted and which key signs them.</summary>
public sealed class WebhookConfig
{
    public string? ApiKey { get; set; }
    public List<string> Urls { get; } = [];
}
