using System.Globalization;
using System.Security.Cryptography;

namespace PaymentRecords.Bench;

/// <summary>Command-line options. Parsing is hand-rolled to keep the tool dependency-free.</summary>
internal sealed record BenchOptions
{
    public const string DefaultUrl = "http://127.0.0.1:12111";

    public Uri Url { get; init; } = new(DefaultUrl);
    public string? Scenario { get; init; }
    public int Clients { get; init; } = 1;
    public double DurationSeconds { get; init; } = 10;
    public double WarmupSeconds { get; init; } = 2;
    public string ApiKey { get; init; } = NewRandomKey();
    public bool KeyWasGiven { get; init; }
    public string? HgrmDirectory { get; init; }
    public double TimeoutSeconds { get; init; } = 60;
    public bool List { get; init; }
    public bool Help { get; init; }
    public bool Webhook { get; init; }

    public const string Usage = """
        PaymentRecords.Bench: load generator for the PaymentRecords Stripe-compatible server.

        usage: dotnet run -c Release --project bench/PaymentRecords.Bench -- \
                 --scenario NAME [--url URL] [--clients N] [--duration SECS] [--warmup SECS]
                 [--key sk_test_...] [--timeout SECS] [--hgrm DIR] [--webhook]
               ... -- --list

          --url URL        server base address (default http://127.0.0.1:12111)
          --scenario NAME  scenario to run (see --list)
          --clients N      concurrent workers, each looping the scenario (default 1)
          --duration SECS  measured time, after the warm-up (default 10)
          --warmup SECS    time run first and left out of all figures (default 2)
          --key KEY        API key; default: a fresh sk_test_bench<random> (a new, empty account)
          --timeout SECS   per-request timeout (default 60)
          --hgrm DIR       also write each step's full HdrHistogram percentile distribution
                           (milliseconds) to DIR/<scenario>.<step>.hgrm
          --webhook        also create a `*` webhook endpoint pointing at a built-in receiver and report the
                           latency from each API response to the receiver getting its events
          --list           list the scenarios and exit

        exit code: 0 = no errors, 1 = some requests failed in the measured window,
                   2 = bad arguments or the scenario's setup failed.
        """;

    public static string NewRandomKey() =>
        "sk_test_bench" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 20);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{arg} needs a value");
                }

                return args[++i];
            }

            o = arg switch
            {
                "--url" => o with { Url = ParseUrl(Value()) },
                "--scenario" or "-s" => o with { Scenario = Value() },
                "--clients" or "-c" => o with { Clients = ParseInt(arg, Value(), min: 1) },
                "--duration" or "-d" => o with { DurationSeconds = ParseSeconds(arg, Value(), allowZero: false) },
                "--warmup" or "-w" => o with { WarmupSeconds = ParseSeconds(arg, Value(), allowZero: true) },
                "--key" => o with { ApiKey = Value(), KeyWasGiven = true },
                "--timeout" => o with { TimeoutSeconds = ParseSeconds(arg, Value(), allowZero: false) },
                "--hgrm" => o with { HgrmDirectory = Value() },
                "--list" => o with { List = true },
                "--webhook" => o with { Webhook = true },
                "--help" or "-h" or "-?" => o with { Help = true },
                _ => throw new UsageException($"unknown argument '{args[i]}'"),
            };
        }

        if (!o.Help && !o.List && string.IsNullOrEmpty(o.Scenario))
        {
            throw new UsageException("--scenario is required");
        }

        if (string.IsNullOrWhiteSpace(o.ApiKey))
        {
            throw new UsageException("--key must not be empty");
        }

        return o;
    }

    private static Uri ParseUrl(string s)
    {
        if (!Uri.TryCreate(s.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url '{s}' is not an http(s) address");
        }

        return uri;
    }

    private static int ParseInt(string name, string s, int min)
    {
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
        {
            throw new UsageException($"{name} '{s}' must be an integer >= {min}");
        }

        return v;
    }

    private static double ParseSeconds(string name, string s, bool allowZero)
    {
        s = s.EndsWith('s') ? s[..^1] : s;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ||
            double.IsNaN(v) || double.IsInfinity(v) || v < 0 || (!allowZero && v == 0))
        {
            throw new UsageException($"{name} '{s}' must be a number of seconds{(allowZero ? " >= 0" : " > 0")}");
        }

        return v;
    }
}

internal sealed class UsageException(string message) : Exception(message);
