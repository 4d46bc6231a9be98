using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;
using PaymentRecords.Bench.Scenarios;

namespace PaymentRecords.Bench;

/// <summary>One row of the report; latencies in milliseconds.</summary>
internal sealed record Row(
    string Name,
    long Count,
    double Rate,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    long Errors)
{
    public static Row From(StepStats s, double seconds)
    {
        var h = s.Histogram;
        if (h.TotalCount == 0)
        {
            return new Row(s.Name, 0, 0, 0, 0, 0, 0, 0, s.Errors); // HdrHistogram throws on percentiles of nothing
        }

        static double Ms(double micros) => Math.Round(micros / 1000.0, 3);
        return new Row(
            s.Name,
            h.TotalCount,
            seconds > 0 ? Math.Round(h.TotalCount / seconds, 1) : 0,
            Ms(h.GetValueAtPercentile(50)),
            Ms(h.GetValueAtPercentile(90)),
            Ms(h.GetValueAtPercentile(99)),
            Ms(h.GetMaxValue()),
            Ms(h.GetMean()),
            s.Errors);
    }
}

internal sealed record Summary(
    string Scenario,
    string Url,
    int Clients,
    double DurationS,
    double WarmupS,
    double MeasuredS,
    long Requests,
    double RequestsPerS,
    long Errors,
    IReadOnlyList<Row> Steps,
    Row? Flow,
    bool Cancelled);

internal static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Summary Summarize(BenchOptions o, IScenario scenario, RunResult r)
    {
        var steps = r.Steps.Select(s => Row.From(s, r.MeasuredSeconds)).ToList();
        var flow = scenario.Flow.Count > 1 ? Row.From(r.Flow, r.MeasuredSeconds) : null;
        var requests = steps.Sum(s => s.Count);
        return new Summary(
            scenario.Name,
            o.Url.ToString().TrimEnd('/'),
            o.Clients,
            o.DurationSeconds,
            o.WarmupSeconds,
            Math.Round(r.MeasuredSeconds, 3),
            requests,
            r.MeasuredSeconds > 0 ? Math.Round(requests / r.MeasuredSeconds, 1) : 0,
            steps.Sum(s => s.Errors),
            steps,
            flow,
            r.Cancelled);
    }

    public static string Table(Summary s)
    {
        var rows = s.Steps.Select(r => (r, "req/s")).ToList();
        if (s.Flow is not null)
        {
            rows.Add((s.Flow with { Name = $"flow ({s.Scenario})" }, "flows/s"));
        }

        var nameWidth = Math.Max(24, rows.Max(r => r.r.Name.Length));
        var sb = new StringBuilder();
        var header = string.Create(CultureInfo.InvariantCulture,
            $"{"step".PadRight(nameWidth)} {"count",9} {"rate",10} {"",-7} {"p50 ms",9} {"p90 ms",9} {"p99 ms",9} {"max ms",9} {"errors",7}");
        sb.AppendLine(header);
        sb.AppendLine(new string('-', header.Length));
        foreach (var (r, unit) in rows)
        {
            if (s.Flow is not null && ReferenceEquals(unit, "flows/s"))
            {
                sb.AppendLine(new string('-', header.Length));
            }

            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name.PadRight(nameWidth)} {r.Count,9} {r.Rate,10:0.0} {unit,-7} {Ms(r, r.P50Ms),9} {Ms(r, r.P90Ms),9} {Ms(r, r.P99Ms),9} {Ms(r, r.MaxMs),9} {r.Errors,7}"));
        }

        return sb.ToString();
    }

    public static string JsonLine(Summary s) => JsonSerializer.Serialize(s, Json);

    /// <summary>Writes each step's percentile distribution (values in ms) for plotting or comparing runs.</summary>
    public static void WriteHgrm(string dir, string scenario, RunResult r)
    {
        Directory.CreateDirectory(dir);
        foreach (var s in r.Steps.Append(r.Flow))
        {
            if (s.Histogram.TotalCount == 0)
            {
                continue;
            }

            var path = Path.Combine(dir, $"{scenario}.{s.Name}.hgrm");
            using var w = new StreamWriter(path);
            s.Histogram.OutputPercentileDistribution(w, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: 1000.0, useCsvFormat: false);
        }
    }

    private static string Ms(Row row, double ms) => row.Count == 0 ? "-" : ms switch
    {
        < 10 => ms.ToString("0.000", CultureInfo.InvariantCulture),
        < 1000 => ms.ToString("0.00", CultureInfo.InvariantCulture),
        _ => ms.ToString("0.0", CultureInfo.InvariantCulture),
    };
}
