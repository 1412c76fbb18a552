namespace Sfu.Server.Configuration;

/// <summary>
/// The <c>prometheus</c> section (and the deprecated top-level <c>prometheus_port</c>). Metrics are always
/// served at <c>/metrics</c> on the main port; a port here serves them on a separate listener as well.
/// </summary>
public sealed class PrometheusConfig
{
    public int? Port { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
}
