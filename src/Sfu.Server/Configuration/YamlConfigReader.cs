using System.Globalization;
using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sfu.Server.Configuration;

/// <summary>
/// Applies a livekit.yaml document to an <see cref="SfuConfig"/>. The document is walked as a node tree
/// (not deserialized into classes) so that every problem names its key path, every key LiveKit defines but
/// this server ignores is collected for one warning, and a key nobody defines is reported as unknown.
/// </summary>
internal sealed class YamlConfigReader
{
    private readonly SfuConfig _config;
    private readonly ConfigDiagnostics _diag;

    // Keys LiveKit defines that this server accepts without acting on them (one warning names them all).
    private static readonly HashSet<string> s_ignoredTopLevel = new(StringComparer.Ordinal)
    {
        "debug_handler", "node_selector", "signal_relay", "psrpc", "ingress", "egress", "agents",
        "enable_data_tracks", "sip", "key_provider", "rpc", "metric", "node_stats", "webrtc_tracker",
    };
    private static readonly HashSet<string> s_ignoredRtc = new(StringComparer.Ordinal)
    {
        "use_ice_lite", "interfaces", "ips", "enable_loopback_candidate", "use_mdns", "external_ip_only",
        "batch_io", "congestion_control", "allow_tcp_fallback", "packet_buffer_size", "packet_buffer_size_video",
        "packet_buffer_size_audio", "pli_throttle", "advertise_internal_ip", "skip_external_ip_validation",
        "reconnect_on_publication_error", "reconnect_on_subscription_error", "reconnect_on_data_channel_error",
        "data_channel_max_buffered_amount", "forward_stats", "enable_warp", "min_packet_buffer_size",
        "max_packet_buffer_size", "stun_servers_for_candidates",
    };
    private static readonly HashSet<string> s_ignoredRoom = new(StringComparer.Ordinal)
    {
        "playout_delay", "sync_streams", "room_configurations", "max_metadata_size", "create_room_enabled",
        "create_room_timeout", "create_room_attempts", "enabled_codecs_video",
    };
    private static readonly HashSet<string> s_ignoredLogging = new(StringComparer.Ordinal)
    {
        "sample", "pion_level", "component_levels",
    };

    public YamlConfigReader(SfuConfig config, ConfigDiagnostics diagnostics)
    {
        _config = config;
        _diag = diagnostics;
    }

    /// <summary>Parses and applies one YAML document; <paramref name="source"/> names it in messages.</summary>
    public void Apply(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            _diag.Error(source, $"malformed YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
            return;
        }
        if (stream.Documents.Count == 0) return;
        var root = stream.Documents[0].RootNode;
        if (IsNull(root)) return;
        if (root is not YamlMappingNode map)
        {
            _diag.Error(source, "the configuration must be a YAML mapping of keys");
            return;
        }
        foreach (var (key, value) in Entries(map, ""))
            ApplyTopLevel(key, value);
    }

    private void ApplyTopLevel(string key, YamlNode value)
    {
        switch (key)
        {
            case "port": if (Port(key, value) is { } p) _config.Port = p; break;
            case "bind_addresses":
                _config.BindAddresses.Clear();
                foreach (var a in StringList(key, value))
                {
                    if (IPAddress.TryParse(a, out _)) _config.BindAddresses.Add(a);
                    else _diag.Error(key, $"'{a}' is not an IP address");
                }
                break;
            case "keys":
                foreach (var (k, v) in StringMap(key, value)) _config.Keys[k] = v;
                break;
            case "key_file": _config.KeyFile = Str(key, value); break;
            case "redis": ApplyRedis(value); break;
            case "rtc": Section(key, value, ApplyRtc); break;
            case "room": Section(key, value, ApplyRoom); break;
            case "logging": Section(key, value, ApplyLogging); break;
            case "log_level": // deprecated spelling of logging.level
                if (Str(key, value) is { } l)
                {
                    if (LoggingConfig.TryParseLevel(l, out var lvl)) _config.Logging.Level = lvl;
                    else _diag.Error(key, $"unknown log level '{l}' (debug, info, warn, error)");
                }
                break;
            case "webhook": Section(key, value, ApplyWebhook); break;
            case "prometheus": Section(key, value, ApplyPrometheus); break;
            case "prometheus_port": if (Port(key, value) is { } pp) _config.Prometheus.Port = pp; break;
            case "limit": Section(key, value, ApplyLimit); break;
            case "audio": Section(key, value, ApplyAudio); break;
            case "turn": Section(key, value, ApplyTurn); break;
            case "region": _config.Region = Str(key, value); break;
            case "development": if (Bool(key, value) is { } d) _config.Development |= d; break;
            case "shutdown_timeout": if (Int(key, value, 0, 86400) is { } st) _config.ShutdownTimeout = st; break;
            default:
                if (s_ignoredTopLevel.Contains(key)) _diag.Ignored(key);
                else _diag.Warn(key, "unknown key, ignored");
                break;
        }
    }

    private void ApplyRedis(YamlNode value)
    {
        if (IsNull(value)) return;
        if (value is YamlMappingNode m)
        {
            // An empty redis section (everything commented out) means single-node, as in LiveKit.
            var hasTarget = m.Children.Any(kv => Scalar(kv.Key) is "address" or "sentinel_addresses" or "cluster_addresses" && !IsNull(kv.Value));
            if (!hasTarget) return;
        }
        _config.RedisConfigured = true;
    }

    private void ApplyRtc(string key, YamlNode value, string path)
    {
        switch (key)
        {
            case "udp_port":
                if (Str(path, value) is { } u)
                {
                    if (UdpPortSpec.TryParse(u, out var spec, out var err)) _config.Rtc.UdpPort = spec;
                    else _diag.Error(path, err);
                }
                break;
            case "port_range_start": if (Port(path, value) is { } s) _config.Rtc.PortRangeStart = s; break;
            case "port_range_end": if (Port(path, value) is { } e) _config.Rtc.PortRangeEnd = e; break;
            case "tcp_port": if (Int(path, value, 0, 65535) is { } t) _config.Rtc.TcpPort = t; break;
            case "node_ip":
                if (Str(path, value) is { Length: > 0 } ip)
                {
                    if (IPAddress.TryParse(ip, out _)) _config.Rtc.NodeIp = ip;
                    else _diag.Error(path, $"'{ip}' is not an IP address");
                }
                break;
            case "use_external_ip":
                if (Bool(path, value) is { } x)
                {
                    _config.Rtc.UseExternalIp = x;
                    if (x) _diag.Warn(path, "external IP discovery through STUN is not implemented; set rtc.node_ip to the public address");
                }
                break;
            case "stun_servers":
                _config.Rtc.StunServers.Clear();
                _config.Rtc.StunServers.AddRange(StringList(path, value));
                break;
            case "turn_servers": ApplyTurnServers(path, value); break;
            case "force_relay": if (Bool(path, value) is { } relay) _config.Rtc.ForceRelay = relay; break;
            case "shards": if (Int(path, value, 0, 256) is { } shards) _config.Rtc.ShardCount = shards; break;
            case "srtp_profiles":
                _config.Rtc.SrtpProfiles.Clear();
                foreach (var name in StringList(path, value))
                {
                    var profile = name.ToUpperInvariant() switch
                    {
                        "AEAD_AES_128_GCM" or "SRTP_AEAD_AES_128_GCM" => Sfu.Transport.Dtls.DtlsSrtpProfile.AeadAes128Gcm,
                        "AEAD_AES_256_GCM" or "SRTP_AEAD_AES_256_GCM" => Sfu.Transport.Dtls.DtlsSrtpProfile.AeadAes256Gcm,
                        "AES_CM_128_HMAC_SHA1_80" or "SRTP_AES128_CM_HMAC_SHA1_80" => Sfu.Transport.Dtls.DtlsSrtpProfile.AesCm128HmacSha1_80,
                        "AES_CM_128_HMAC_SHA1_32" or "SRTP_AES128_CM_HMAC_SHA1_32" => Sfu.Transport.Dtls.DtlsSrtpProfile.AesCm128HmacSha1_32,
                        _ => Sfu.Transport.Dtls.DtlsSrtpProfile.None,
                    };
                    if (profile == Sfu.Transport.Dtls.DtlsSrtpProfile.None)
                        _diag.Error(path, $"'{name}' is not AEAD_AES_128_GCM, AEAD_AES_256_GCM, AES_CM_128_HMAC_SHA1_80 or AES_CM_128_HMAC_SHA1_32");
                    else if (!_config.Rtc.SrtpProfiles.Contains(profile)) _config.Rtc.SrtpProfiles.Add(profile);
                }
                break;
            case "dtls_setup":
                switch (Str(path, value)?.ToLowerInvariant())
                {
                    case "passive": _config.Rtc.DtlsSetupActive = false; break;
                    case "active": _config.Rtc.DtlsSetupActive = true; break;
                    case var other: _diag.Error(path, $"'{other}' is not passive or active"); break;
                }
                break;
            default:
                if (s_ignoredRtc.Contains(key)) _diag.Ignored(path);
                else _diag.Warn(path, "unknown key, ignored");
                break;
        }
    }

    private void ApplyTurnServers(string path, YamlNode value)
    {
        _config.Rtc.TurnServers.Clear();
        if (IsNull(value)) return;
        if (value is not YamlSequenceNode seq)
        {
            _diag.Error(path, "must be a list of TURN servers");
            return;
        }
        var i = 0;
        foreach (var item in seq)
        {
            var itemPath = $"{path}[{i++}]";
            if (item is not YamlMappingNode m)
            {
                _diag.Error(itemPath, "must be a mapping with host, port, protocol");
                continue;
            }
            var t = new TurnServerConfig();
            foreach (var (k, v) in Entries(m, itemPath + "."))
            {
                var p = $"{itemPath}.{k}";
                switch (k)
                {
                    case "host": t.Host = Str(p, v) ?? ""; break;
                    case "port": if (Port(p, v) is { } port) t.Port = port; break;
                    case "protocol":
                        var proto = Str(p, v)?.ToLowerInvariant();
                        if (proto is "udp" or "tcp" or "tls") t.Protocol = proto;
                        else _diag.Error(p, $"'{proto}' is not udp, tcp or tls");
                        break;
                    case "username": t.Username = Str(p, v); break;
                    case "credential": t.Credential = Str(p, v); break;
                    case "secret": t.Secret = Str(p, v); break;
                    case "secret_file":
                        if (Str(p, v) is { } f)
                        {
                            try { t.Secret = File.ReadAllText(f).Trim(); }
                            catch (IOException ex) { _diag.Error(p, $"cannot read {f}: {ex.Message}"); }
                            catch (UnauthorizedAccessException ex) { _diag.Error(p, $"cannot read {f}: {ex.Message}"); }
                        }
                        break;
                    case "ttl": if (Int(p, v, 1, 7 * 86400) is { } ttl) t.Ttl = ttl; break;
                    default: _diag.Warn(p, "unknown key, ignored"); break;
                }
            }
            if (string.IsNullOrWhiteSpace(t.Host)) _diag.Error(itemPath + ".host", "is required");
            if (t.Secret is null && (t.Username is null) != (t.Credential is null))
                _diag.Error(itemPath, "username and credential go together (or use secret)");
            _config.Rtc.TurnServers.Add(t);
        }
    }

    private void ApplyRoom(string key, YamlNode value, string path)
    {
        switch (key)
        {
            case "auto_create": if (Bool(path, value) is { } a) _config.Room.AutoCreate = a; break;
            case "empty_timeout": if (Int(path, value, 0, int.MaxValue) is { } e) _config.Room.EmptyTimeout = e; break;
            case "departure_timeout": if (Int(path, value, 0, int.MaxValue) is { } d) _config.Room.DepartureTimeout = d; break;
            case "max_participants": if (Int(path, value, 0, int.MaxValue) is { } m) _config.Room.MaxParticipants = m; break;
            case "enable_remote_unmute": if (Bool(path, value) is { } r) _config.Room.EnableRemoteUnmute = r; break;
            case "enabled_codecs":
                _config.Room.EnabledCodecs.Clear();
                if (value is YamlSequenceNode seq)
                {
                    var i = 0;
                    foreach (var item in seq)
                    {
                        var ip = $"{path}[{i++}]";
                        var mime = item is YamlMappingNode cm
                            ? cm.Children.FirstOrDefault(kv => Scalar(kv.Key) == "mime").Value is { } mv ? Str(ip + ".mime", mv) : null
                            : Str(ip, item);
                        if (string.IsNullOrWhiteSpace(mime) || !mime.Contains('/', StringComparison.Ordinal))
                            _diag.Error(ip + ".mime", $"'{mime}' is not a codec mime type such as video/vp8");
                        else _config.Room.EnabledCodecs.Add(mime.ToLowerInvariant());
                    }
                }
                else if (!IsNull(value)) _diag.Error(path, "must be a list of {mime: ...}");
                break;
            default:
                if (s_ignoredRoom.Contains(key)) _diag.Ignored(path);
                else _diag.Warn(path, "unknown key, ignored");
                break;
        }
    }

    private void ApplyLogging(string key, YamlNode value, string path)
    {
        switch (key)
        {
            case "level":
                if (Str(path, value) is { } l)
                {
                    if (LoggingConfig.TryParseLevel(l, out var lvl)) _config.Logging.Level = lvl;
                    else _diag.Error(path, $"unknown log level '{l}' (debug, info, warn, error)");
                }
                break;
            case "json": if (Bool(path, value) is { } j) _config.Logging.Json = j; break;
            default:
                if (s_ignoredLogging.Contains(key)) _diag.Ignored(path);
                else _diag.Warn(path, "unknown key, ignored");
                break;
        }
    }

    private void ApplyWebhook(string key, YamlNode value, string path)
    {
        switch (key)
        {
            case "api_key": _config.Webhook.ApiKey = Str(path, value); break;
            case "urls":
                _config.Webhook.Urls.Clear();
                foreach (var u in StringList(path, value))
                {
                    if (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") _config.Webhook.Urls.Add(u);
                    else _diag.Error(path, $"'{u}' is not an http(s) URL");
                }
                break;
            case "filter_params" or "resource_url_notifier" or "url_notifier": _diag.Ignored(path); break;
            default: _diag.Warn(path, "unknown key, ignored"); break;
        }
    }

    private void ApplyPrometheus(string key, YamlNode value, string path)
    {
        switch (key)
        {
            case "port": if (Port(path, value) is { } p) _config.Prometheus.Port = p; break;
            case "username": _config.Prometheus.Username = Str(path, value); break;
            case "password": _config.Prometheus.Password = Str(path, value); break;
            default: _diag.Warn(path, "unknown key, ignored"); break;
        }
    }

    private void ApplyLimit(string key, YamlNode value, string path)
    {
        var l = _config.Limit;
        switch (key)
        {
            case "num_tracks": if (Int(path, value, -1, int.MaxValue) is { } a) l.NumTracks = a; break;
            case "bytes_per_sec": if (Long(path, value) is { } b) l.BytesPerSec = b; break;
            case "subscription_limit_video": if (Int(path, value, -1, int.MaxValue) is { } c) l.SubscriptionLimitVideo = c; break;
            case "subscription_limit_audio": if (Int(path, value, -1, int.MaxValue) is { } d) l.SubscriptionLimitAudio = d; break;
            case "max_metadata_size": if (Int(path, value, 0, int.MaxValue) is { } e) l.MaxMetadataSize = e; break;
            case "max_attributes_size": if (Int(path, value, 0, int.MaxValue) is { } f) l.MaxAttributesSize = f; break;
            case "max_room_name_length": if (Int(path, value, 1, 65536) is { } g) l.MaxRoomNameLength = g; break;
            case "max_participant_identity_length": if (Int(path, value, 1, 65536) is { } h) l.MaxParticipantIdentityLength = h; break;
            case "signal_message_size_limit": if (Int(path, value, 1024, 64 * 1024 * 1024) is { } i) l.SignalMessageSizeLimit = i; break;
            case "max_api_request_body_size": if (Long(path, value) is { } j) l.MaxApiRequestBodySize = j; break;
            case "max_buffered_amount" or "max_data_track_buffered_amount" or "min_data_channel_buffered_amount": _diag.Ignored(path); break;
            default: _diag.Warn(path, "unknown key, ignored"); break;
        }
    }

    private void ApplyAudio(string key, YamlNode value, string path)
    {
        var a = _config.Audio;
        switch (key)
        {
            case "active_level": if (Int(path, value, 0, 127) is { } l) a.ActiveLevel = l; break;
            case "min_percentile": if (Int(path, value, 0, 100) is { } p) a.MinPercentile = p; break;
            case "update_interval": if (Int(path, value, 50, 60_000) is { } u) a.UpdateInterval = u; break;
            case "smooth_intervals": if (Int(path, value, 0, 100) is { } s) a.SmoothIntervals = s; break;
            default: _diag.Ignored(path); break;
        }
    }

    private void ApplyTurn(string key, YamlNode value, string path)
    {
        if (key == "enabled")
        {
            if (Bool(path, value) is { } e) _config.EmbeddedTurnEnabled = e;
            return;
        }
        // The other turn.* keys only matter once the embedded TURN server is enabled, which is refused.
        _diag.Ignored(path);
    }

    // ---- typed readers: each reports a problem naming the key and returns null ----

    private void Section(string path, YamlNode value, Action<string, YamlNode, string> apply)
    {
        if (IsNull(value)) return;
        if (value is not YamlMappingNode map)
        {
            _diag.Error(path, "must be a mapping of keys");
            return;
        }
        foreach (var (k, v) in Entries(map, path + "."))
            apply(k, v, $"{path}.{k}");
    }

    private IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode map, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in map.Children)
        {
            var k = Scalar(kv.Key);
            if (k is null)
            {
                _diag.Error(prefix.TrimEnd('.') is { Length: > 0 } p ? p : "config", "a key is not a plain string");
                continue;
            }
            if (!seen.Add(k)) _diag.Warn(prefix + k, "given twice; the last value wins");
            yield return (k, kv.Value);
        }
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode s ? s.Value : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode s && s.Style == ScalarStyle.Plain && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private string? Str(string path, YamlNode value)
    {
        if (IsNull(value)) return null;
        if (value is YamlScalarNode s) return s.Value;
        _diag.Error(path, "must be a single value");
        return null;
    }

    private bool? Bool(string path, YamlNode value)
    {
        var s = Str(path, value);
        if (s is null) return null;
        switch (s.ToLowerInvariant())
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default: _diag.Error(path, $"'{s}' is not true or false"); return null;
        }
    }

    private int? Int(string path, YamlNode value, int min, int max)
    {
        var s = Str(path, value);
        if (s is null) return null;
        if (int.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;
        _diag.Error(path, $"'{s}' is not a whole number in {min}..{max}");
        return null;
    }

    private long? Long(string path, YamlNode value)
    {
        var s = Str(path, value);
        if (s is null) return null;
        if (long.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= -1)
            return n;
        _diag.Error(path, $"'{s}' is not a whole number");
        return null;
    }

    private int? Port(string path, YamlNode value)
    {
        var s = Str(path, value);
        if (s is null) return null;
        if (UdpPortSpec.TryParsePort(s, out var p, out var err)) return p;
        _diag.Error(path, err);
        return null;
    }

    private List<string> StringList(string path, YamlNode value)
    {
        var list = new List<string>();
        if (IsNull(value)) return list;
        if (value is YamlSequenceNode seq)
        {
            foreach (var item in seq)
                if (Str(path, item) is { } s) list.Add(s);
        }
        else if (Str(path, value) is { } one) list.Add(one);
        return list;
    }

    private List<(string, string)> StringMap(string path, YamlNode value)
    {
        var list = new List<(string, string)>();
        if (IsNull(value)) return list;
        if (value is not YamlMappingNode map)
        {
            _diag.Error(path, "must be a mapping of key: secret");
            return list;
        }
        foreach (var (k, v) in Entries(map, path + "."))
        {
            var s = Str($"{path}.{k}", v);
            if (string.IsNullOrEmpty(s)) _diag.Error($"{path}.{k}", "has no secret");
            else list.Add((k, s));
        }
        return list;
    }
}
