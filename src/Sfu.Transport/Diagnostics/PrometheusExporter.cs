using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Sfu.Transport.Diagnostics;

/// <summary>
/// Renders System.Diagnostics.Metrics instruments in the Prometheus text exposition format 0.0.4, for the
/// <c>/metrics</c> endpoint. It listens to meters whose name starts with one of the given prefixes
/// (default <c>Sfu.</c>), so every layer's meter shows up without registering here.
/// </summary>
/// <remarks>
/// Observable instruments are read at scrape time (their callbacks report totals, so the last value
/// wins); push instruments (<see cref="Counter{T}"/>, <see cref="UpDownCounter{T}"/>) are summed as they
/// are recorded; a <see cref="Histogram{T}"/> is exported as a summary of count and sum. Instrument names
/// become Prometheus names by replacing every character outside [a-zA-Z0-9_:] with '_', and counters get
/// the <c>_total</c> suffix (OpenMetrics convention, accepted by 0.0.4 scrapers).
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly string[] _prefixes;
    private readonly Lock _gate = new();
    private readonly Dictionary<Instrument, Series> _series = [];
    private bool _collecting;

    /// <summary>Starts listening to meters whose name starts with any of <paramref name="meterPrefixes"/>.</summary>
    public PrometheusExporter(params string[] meterPrefixes)
    {
        _prefixes = meterPrefixes is { Length: > 0 } ? meterPrefixes : ["Sfu."];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!Matches(instrument.Meter.Name)) return;
            lock (_gate) _series.TryAdd(instrument, new Series(instrument));
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) =>
        {
            lock (_gate) _series.Remove(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    private bool Matches(string meterName)
    {
        foreach (var prefix in _prefixes)
            if (meterName.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            if (!_series.TryGetValue(instrument, out var series)) return;
            var labels = FormatLabels(tags);
            var observed = instrument.IsObservable && _collecting;
            series.Record(labels, value, observed);
        }
    }

    /// <summary>Reads every observable instrument and returns the whole exposition text.</summary>
    public string Collect()
    {
        var text = new StringBuilder(4096);
        lock (_gate)
        {
            foreach (var series in _series.Values) series.BeginObservation();
            _collecting = true;
            try
            {
                _listener.RecordObservableInstruments();
            }
            finally
            {
                _collecting = false;
            }
            foreach (var series in _series.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) series.WriteTo(text);
        }
        return text.ToString();
    }

    private static string FormatLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return string.Empty;
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder("{");
        for (var i = 0; i < sorted.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(SanitizeName(sorted[i].Key)).Append("=\"");
            EscapeLabelValue(text, Convert.ToString(sorted[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
            text.Append('"');
        }
        return text.Append('}').ToString();
    }

    /// <summary>Label values escape backslash, double quote and line feed (text format 0.0.4).</summary>
    private static void EscapeLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '"': text.Append("\\\""); break;
                case '\n': text.Append("\\n"); break;
                default: text.Append(c); break;
            }
        }
    }

    /// <summary>A metric or label name: [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static string SanitizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) chars[i] = '_';
        }
        return new string(chars);
    }

    private static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private sealed class Series(Instrument instrument)
    {
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _counts = new(StringComparer.Ordinal);
        private readonly bool _isCounter = instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) || instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal);
        private readonly bool _isHistogram = instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);

        public string Name { get; } = SanitizeName(instrument.Name);

        public void BeginObservation()
        {
            // An observable callback reports the whole current state; series it stops reporting disappear.
            if (instrument.IsObservable) _values.Clear();
        }

        public void Record(string labels, double value, bool observed)
        {
            if (observed || instrument.IsObservable)
            {
                _values[labels] = value;
                return;
            }
            _values[labels] = _values.GetValueOrDefault(labels) + value;
            if (_isHistogram) _counts[labels] = _counts.GetValueOrDefault(labels) + 1;
        }

        public void WriteTo(StringBuilder text)
        {
            var name = _isCounter && !Name.EndsWith("_total", StringComparison.Ordinal) ? Name + "_total" : Name;
            if (_isHistogram)
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(Help()).Append('\n');
                text.Append("# TYPE ").Append(Name).Append(" summary\n");
                foreach (var (labels, sum) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(Name).Append("_sum").Append(labels).Append(' ').Append(FormatValue(sum)).Append('\n');
                    text.Append(Name).Append("_count").Append(labels).Append(' ').Append(FormatValue(_counts.GetValueOrDefault(labels))).Append('\n');
                }
                return;
            }
            text.Append("# HELP ").Append(name).Append(' ').Append(Help()).Append('\n');
            text.Append("# TYPE ").Append(name).Append(_isCounter ? " counter\n" : " gauge\n");
            foreach (var (labels, value) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
                text.Append(name).Append(labels).Append(' ').Append(FormatValue(value)).Append('\n');
        }

        private string Help() => (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
